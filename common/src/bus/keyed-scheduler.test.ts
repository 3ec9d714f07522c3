import { KeyedScheduler } from './keyed-scheduler';

/** A task that runs until the test releases it, telling when it started. */
function gatedTask(log: string[], name: string) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const task = async () => {
    log.push(`start ${name}`);
    await gate;
    log.push(`end ${name}`);
  };
  return { task, release };
}

/** Lets every already-settled promise callback run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('the keyed scheduler', () => {
  it('when two tasks share a key, then the second starts only after the first has finished', async () => {
    const log: string[] = [];
    const scheduler = new KeyedScheduler(4);
    const first = gatedTask(log, 'a1');
    const second = gatedTask(log, 'a2');

    const done = [scheduler.run('a', first.task), scheduler.run('a', second.task)];
    await settle();
    expect(log).toEqual(['start a1']);
    first.release();
    second.release();
    await Promise.all(done);

    expect(log).toEqual(['start a1', 'end a1', 'start a2', 'end a2']);
  });

  it('when tasks have different keys, then they run side by side up to the concurrency and the rest wait their turn', async () => {
    const log: string[] = [];
    const scheduler = new KeyedScheduler(2);
    const tasks = ['a', 'b', 'c'].map((key) => gatedTask(log, key));

    const done = tasks.map((t, i) => scheduler.run(['a', 'b', 'c'][i]!, t.task));
    await settle();
    expect(log).toEqual(['start a', 'start b']);
    expect(scheduler.size).toBe(3);
    tasks[1]!.release();
    await done[1];
    await settle();

    expect(log).toEqual(['start a', 'start b', 'end b', 'start c']);
    tasks[0]!.release();
    tasks[2]!.release();
    await Promise.all(done);
    expect(scheduler.size).toBe(0);
  });

  it('when a task fails, then its caller gets the failure and the next task of its key still runs', async () => {
    const scheduler = new KeyedScheduler(1);
    const failing = scheduler.run('a', async () => {
      throw new Error('handler failed');
    });
    const next = scheduler.run('a', async () => 'ran');

    await expect(failing).rejects.toThrow('handler failed');
    await expect(next).resolves.toBe('ran');
  });

  it('when the caller waits for room, then it resumes once fewer tasks than asked are unfinished', async () => {
    const log: string[] = [];
    const scheduler = new KeyedScheduler(1);
    const tasks = ['a', 'b'].map((key) => gatedTask(log, key));
    void scheduler.run('a', tasks[0]!.task);
    void scheduler.run('b', tasks[1]!.task);
    let roomMade = false;

    const waiting = scheduler.below(2).then(() => (roomMade = true));
    await settle();
    expect(roomMade).toBe(false);
    tasks[0]!.release();
    await waiting;

    expect(scheduler.size).toBe(1);
    tasks[1]!.release();
    await scheduler.idle();
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b']);
  });

  it('when asked for a concurrency below one, then it refuses', () => {
    expect(() => new KeyedScheduler(0)).toThrow('concurrency must be a whole number');
  });
});
