/**
 * Runs tasks side by side, at most `concurrency` at once, while the tasks of one key run one after
 * another in the order they were submitted. The consume loops key each event by its aggregate, so
 * events of different tickets or orders are handled in parallel and each one's versions in order.
 */
export class KeyedScheduler {
  private running = 0;
  private submitted = 0;
  /** Tasks whose turn within their key has come, waiting for a free slot, first come first served. */
  private readonly slotQueue: (() => void)[] = [];
  /** The last task submitted per key: the next one of that key starts after it. */
  private readonly tails = new Map<string, Promise<void>>();
  private readonly drained = new Set<() => void>();

  constructor(private readonly concurrency: number) {
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw new Error(`concurrency must be a whole number ≥ 1, not ${concurrency}`);
  }

  /** Tasks submitted and not finished: running, waiting for a slot or for their key's turn. */
  get size(): number {
    return this.submitted;
  }

  /**
   * Queues `task` behind the earlier tasks of `key`; it runs once they have finished and a slot is
   * free. Resolves or rejects as the task does; a failure does not hold up the key's next task.
   */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    this.submitted += 1;
    const result = previous.then(() => this.acquireSlot()).then(task);
    const settled: Promise<void> = result.then(
      () => this.finish(key, settled),
      () => this.finish(key, settled),
    );
    this.tails.set(key, settled);
    return result;
  }

  /** Resolves once fewer than `count` tasks are submitted and unfinished (back-pressure). */
  async below(count: number): Promise<void> {
    while (this.submitted >= count) await this.nextFinish();
  }

  /** Resolves once every submitted task has finished. */
  idle(): Promise<void> {
    return this.below(1);
  }

  private nextFinish(): Promise<void> {
    return new Promise((resolve) => this.drained.add(resolve));
  }

  private acquireSlot(): Promise<void> | void {
    if (this.running < this.concurrency) {
      this.running += 1;
      return;
    }
    // The slot is handed over by finish(), already counted as running.
    return new Promise((resolve) => this.slotQueue.push(resolve));
  }

  private finish(key: string, settled: Promise<void>): void {
    const next = this.slotQueue.shift();
    if (next) next();
    else this.running -= 1;
    this.submitted -= 1;
    if (this.tails.get(key) === settled) this.tails.delete(key);
    const waiters = [...this.drained];
    this.drained.clear();
    for (const wake of waiters) wake();
  }
}
