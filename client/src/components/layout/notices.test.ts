import { noticeMessage, withNotice } from './notices';

describe('withNotice', () => {
  it.each([
    ['/', '/?notice=signed-out'],
    ['/orders?after=abc', '/orders?after=abc&notice=signed-out'],
    ['/tickets/1?notice=listed', '/tickets/1?notice=signed-out'],
  ])('when going to %p, then the notice rides along in the query: %p', (path, expected) => {
    expect(withNotice(path, 'signed-out')).toBe(expected);
  });
});

describe('noticeMessage', () => {
  it("when the notice is one of the site's, then its message is shown", () => {
    expect(noticeMessage('listed')).toBe('Ticket listed.');
  });

  it.each([null, '', 'You won a prize', 'toString', '__proto__'])(
    'when the notice is %p, then nothing is shown (a crafted link cannot put words on the page)',
    (value) => {
      expect(noticeMessage(value)).toBeUndefined();
    },
  );
});
