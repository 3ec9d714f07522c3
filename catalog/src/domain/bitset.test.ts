import { Bitset, wordsFor } from './bitset';

const setOf = (...slots: number[]) => {
  const set = new Bitset();
  for (const slot of slots) set.set(slot, true);
  return set;
};

describe('a set of slots as bits', () => {
  it('when slots are added past its end, then it grows and holds them, the top bit of a word too', () => {
    const set = setOf(0, 31, 32, 1000);

    expect(set.slots()).toEqual([0, 31, 32, 1000]);
    expect(set.has(31)).toBe(true);
    expect(set.has(30)).toBe(false);
    expect(set.has(5000)).toBe(false);
  });

  it('when a slot is removed, then only it leaves; removing past the end changes nothing', () => {
    const set = setOf(3, 4);

    set.set(3, false);
    set.set(9999, false);

    expect(set.slots()).toEqual([4]);
    expect(set.words).toHaveLength(1);
  });

  it('when slots are set or cleared from a stretch of a list, then only that stretch counts, past the end too', () => {
    const set = setOf(1, 2, 3);
    const list = [7, 2, 300, 3, 1];

    set.setEach(list, 0, 3, true);
    set.setEach(list, 3, 4, false);

    expect(set.slots()).toEqual([1, 2, 7, 300]);
  });

  it('when full, then it holds every slot below the count and none above', () => {
    expect(Bitset.full(33).slots()).toEqual(Array.from({ length: 33 }, (_, i) => i));
    expect(Bitset.full(64).slots()).toHaveLength(64);
    expect(Bitset.full(0).slots()).toEqual([]);
  });

  it('when copied to a size, then the copy is cut or padded and the original unchanged', () => {
    const set = setOf(1, 40, 70);

    const cut = set.copy(wordsFor(64));
    const padded = set.copy(10);
    cut.set(1, false);

    expect(cut.slots()).toEqual([40]);
    expect(cut.words).toHaveLength(2);
    expect(padded.words).toHaveLength(10);
    expect(set.slots()).toEqual([1, 40, 70]);
  });

  it('when intersected with a shorter set, then its slots past the other end are dropped', () => {
    expect(
      setOf(1, 2, 40, 100)
        .intersect(setOf(2, 40, 41))
        .slots(),
    ).toEqual([2, 40]);
  });

  it('when united with a longer set, then it grows to hold every slot of both', () => {
    expect(setOf(1, 5).unite(setOf(5, 200)).slots()).toEqual([1, 5, 200]);
  });
});
