import { decodeCursor, encodeCursor, pageFrom } from './paging';

const lastId = '6650f1c2a1b2c3d4e5f60718';

describe('paging cursors', () => {
  it('when a cursor is made from an id, then it reads back as that id', () => {
    expect(decodeCursor(encodeCursor(lastId))).toBe(lastId);
  });

  it('when a cursor was not made by encodeCursor (garbled, padded, another length), then it reads as nothing', () => {
    const cursor = encodeCursor(lastId);

    for (const other of ['', 'not-a-cursor', `${cursor}=`, cursor.slice(1), `${cursor}AA`]) {
      expect(decodeCursor(other)).toBeUndefined();
    }
  });
});

describe('a page from the items found', () => {
  const items = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `id${i}` }));

  it('when one more than the page size was found, then the page holds the size and names its last id', () => {
    expect(pageFrom(items(3), 2)).toEqual({ items: items(2), lastId: 'id1' });
  });

  it('when at most the page size was found, then nothing follows', () => {
    expect(pageFrom(items(2), 2)).toEqual({ items: items(2) });
    expect(pageFrom([], 2)).toEqual({ items: [] });
  });
});
