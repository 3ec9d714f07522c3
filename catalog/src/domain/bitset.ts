const WORD_BITS = 32;

/** How many 32-bit words hold `slotCount` slots. */
export const wordsFor = (slotCount: number): number => Math.ceil(slotCount / WORD_BITS);

/**
 * A set of small non-negative integers (slots) kept as bits in 32-bit words: intersecting or
 * uniting two whole sets costs one word operation per 32 slots instead of a lookup per member, which
 * is what lets a query combine filters over a large catalog in microseconds. Setting a slot past the
 * end grows the set (doubling, so a growing catalog copies it rarely).
 */
export class Bitset {
  private bits: Uint32Array;

  constructor(wordCount = 0) {
    this.bits = new Uint32Array(wordCount);
  }

  /** Every slot below `slotCount`. */
  static full(slotCount: number): Bitset {
    const set = new Bitset(wordsFor(slotCount));
    set.bits.fill(0xffffffff);
    const spare = set.bits.length * WORD_BITS - slotCount;
    if (spare > 0) set.bits[set.bits.length - 1] = 0xffffffff >>> spare;
    return set;
  }

  /** The words, slot `s` being bit `s % 32` of word `s / 32`: for loops that read many at once. */
  get words(): Uint32Array {
    return this.bits;
  }

  has(slot: number): boolean {
    return (((this.bits[slot >>> 5] ?? 0) >>> (slot & 31)) & 1) === 1;
  }

  set(slot: number, present: boolean): void {
    const word = slot >>> 5;
    if (word >= this.bits.length) {
      if (!present) return;
      const grown = new Uint32Array(Math.max(word + 1, this.bits.length * 2));
      grown.set(this.bits);
      this.bits = grown;
    }
    const bit = 1 << (slot & 31);
    const bits = this.bits[word] as number;
    this.bits[word] = present ? bits | bit : bits & ~bit;
  }

  /** Sets, or clears, each slot listed in `slots` from `start` to `stop` (excluded). */
  setEach(slots: readonly number[], start: number, stop: number, present: boolean): void {
    for (let i = start; i < stop; i++) this.set(slots[i] as number, present);
  }

  /** Adds every slot of `slots`. */
  addAll(slots: Iterable<number>): this {
    for (const slot of slots) this.set(slot, true);
    return this;
  }

  /** A copy of exactly `wordCount` words: cut, or padded with empty words. */
  copy(wordCount: number): Bitset {
    const copy = new Bitset(wordCount);
    copy.bits.set(this.bits.subarray(0, wordCount));
    return copy;
  }

  /** Keeps only the slots that are in `other` too. */
  intersect(other: Bitset): this {
    const { bits } = this;
    const otherBits = other.bits;
    for (let i = 0; i < bits.length; i++) bits[i] = (bits[i] as number) & (otherBits[i] ?? 0);
    return this;
  }

  /** Adds the slots of `other`. */
  unite(other: Bitset): this {
    if (other.bits.length > this.bits.length) {
      const grown = new Uint32Array(other.bits.length);
      grown.set(this.bits);
      this.bits = grown;
    }
    const { bits } = this;
    const otherBits = other.bits;
    for (let i = 0; i < otherBits.length; i++)
      bits[i] = (bits[i] as number) | (otherBits[i] as number);
    return this;
  }

  /** The slots in the set, ascending. */
  slots(): number[] {
    const slots: number[] = [];
    const { bits } = this;
    for (let word = 0; word < bits.length; word++) {
      let pending = bits[word] as number;
      while (pending !== 0) {
        const lowest = pending & -pending;
        pending ^= lowest;
        slots.push(word * WORD_BITS + 31 - Math.clz32(lowest));
      }
    }
    return slots;
  }
}
