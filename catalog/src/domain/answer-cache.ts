/**
 * Answers kept for repeated questions: an entry is served while the catalog's generation is the
 * one it was computed at and it is younger than `ttlMs` (time moves tickets out of the results too:
 * an event that starts is no longer on sale). The least recently used entry goes first when full.
 */
export class AnswerCache<T> {
  private readonly entries = new Map<string, { value: T; generation: number; at: number }>();

  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs: number,
  ) {}

  get(key: string, generation: number, now: number): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.generation !== generation || now - entry.at >= this.ttlMs) return undefined;
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: T, generation: number, now: number): void {
    if (this.maxEntries === 0) return;
    this.entries.delete(key);
    this.entries.set(key, { value, generation, at: now });
    if (this.entries.size > this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
  }
}
