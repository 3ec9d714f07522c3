import { setTimeout as sleep } from 'node:timers/promises';
import Queue, { type Job } from 'bull';
import {
  activeTraceCarrier,
  traceJob,
  type GaugeSample,
  type Logger,
  type TraceCarrier,
} from '@ticketing/common';

/** The job states the metrics report (completed jobs are removed, see `schedule`). */
const JOB_STATES = ['delayed', 'waiting', 'active', 'failed'] as const;

export interface ExpirationJob {
  orderId: string;
}

/** What a job holds in Redis: the order, and the trace of the order.created that scheduled it. */
type StoredJob = ExpirationJob & TraceCarrier;

export interface ExpirationQueueOptions {
  redisUrl: string;
  /** Shared by every replica: any of them may run a job another one scheduled. */
  name: string;
  publishAttempts: number;
  retryDelayMs: number;
  connectTimeoutMs: number;
  logger: Logger;
}

/** Jobs only publish one event each, so a few at once keep up with any burst of due orders. */
const CONCURRENCY = 10;

/** Reconnect quickly after a Redis restart (bull's default backs off to 20 s between attempts). */
const reconnectDelayMs = (attempt: number) => Math.min(attempt * 100, 2_000);

/**
 * One delayed job per order, kept in Redis so that it outlives every replica: the job id is the
 * order id (a redelivered order.created cannot schedule it twice), and a job that is due while no
 * replica runs is run as soon as one is back. A job that fails is retried with a growing delay.
 */
export class ExpirationQueue {
  private constructor(
    private readonly queue: Queue.Queue<StoredJob>,
    private readonly options: ExpirationQueueOptions,
    private readonly log: Logger,
  ) {}

  /** Resolves once Redis answers; rejects after `connectTimeoutMs`. */
  static async open(options: ExpirationQueueOptions): Promise<ExpirationQueue> {
    const queue = new Queue<StoredJob>(options.name, options.redisUrl, {
      redis: {
        retryStrategy: reconnectDelayMs,
        // bull reads host, port and password from the URL but not the scheme.
        ...(options.redisUrl.startsWith('rediss:') ? { tls: {} } : {}),
      },
    });
    const log = options.logger.child({ component: 'expiration-queue' });
    queue.on('error', (err) => log.warn({ err }, 'Redis error'));
    queue.on('failed', (job, err) => {
      const finalAttempt = job.attemptsMade >= (job.opts.attempts ?? 1);
      const detail = { err, orderId: job.data.orderId, attemptsMade: job.attemptsMade };
      if (finalAttempt) log.error(detail, 'expiration gave up; the job stays in the failed set');
      else log.warn(detail, 'expiration failed; will retry');
    });
    const timeout = new AbortController();
    try {
      await Promise.race([
        // isReady() only loads bull's scripts; a command is what waits for the connection.
        queue.isReady().then(() => queue.client.ping()),
        sleep(options.connectTimeoutMs, undefined, { signal: timeout.signal }).then(() => {
          throw new Error(`Redis did not answer within ${options.connectTimeoutMs} ms`);
        }),
      ]);
    } catch (err) {
      await queue.close(true);
      throw err;
    } finally {
      timeout.abort();
    }
    return new ExpirationQueue(queue, options, log);
  }

  /**
   * Schedules the order's expiration; a job the order already has is kept as it is. The job keeps
   * the active trace, so its expiration.complete joins the purchase's trace when it runs.
   */
  async schedule(orderId: string, expiresAt: Date): Promise<void> {
    await this.queue.add(
      { orderId, ...activeTraceCarrier() },
      {
        jobId: orderId,
        delay: Math.max(0, expiresAt.getTime() - Date.now()),
        attempts: this.options.publishAttempts,
        backoff: { type: 'exponential', delay: this.options.retryDelayMs },
        removeOnComplete: true,
      },
    );
  }

  /** Removes the order's pending job, if any. One that is running already is left to finish. */
  async release(orderId: string): Promise<void> {
    const job = await this.queue.getJob(orderId);
    if (!job) return;
    try {
      await job.remove();
    } catch (err) {
      // A running job holds a lock and cannot be removed; its event is harmless for a settled order.
      if (!(await job.isActive())) throw err;
    }
  }

  /** Starts running due jobs in this replica. */
  process(run: (job: ExpirationJob) => Promise<void>): void {
    // bull's process() names the worker's Redis connection with a command whose promise it drops: when the
    // replica stops before Redis answers it (within seconds of starting), that promise rejects unhandled.
    const nameWorker = this.queue.setWorkerName.bind(this.queue);
    this.queue.setWorkerName = () =>
      nameWorker().catch((err: unknown) =>
        this.log.debug({ err }, 'the worker connection was not named'),
      );
    this.queue
      .process(CONCURRENCY, (job: Job<StoredJob>) => {
        const { orderId, traceparent, tracestate } = job.data;
        if (typeof orderId !== 'string') {
          // bull hands over a job whose hash was removed (release) between being taken and locked:
          // no data, so no order to expire; publishing it would be an event no consumer can read.
          this.log.warn({ jobId: job.id }, 'expiration job without an order; skipped');
          return Promise.resolve();
        }
        return traceJob(
          { queue: this.options.name, id: orderId },
          { traceparent, tracestate },
          () => {
            this.log.info(
              { orderId, attempt: job.attemptsMade + 1, lateByMs: lateness(job) },
              'order expired',
            );
            return run({ orderId });
          },
        );
      })
      .catch((err: unknown) => this.log.error({ err }, 'the job processor stopped'));
  }

  isConnected(): boolean {
    return this.queue.client.status === 'ready';
  }

  /** Jobs by state (delayed, waiting, active, failed), as the `ticketing_expiration_jobs` gauge reads them. */
  async jobCounts(): Promise<GaugeSample<'state'>[]> {
    const counts = await this.queue.getJobCounts();
    return JOB_STATES.map((state) => ({ labels: { state }, value: counts[state] }));
  }

  /** Stops taking jobs in this replica and waits for the running ones; scheduling still works. */
  async stopProcessing(): Promise<void> {
    await this.queue.pause(true);
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}

/** How long after its due time a job started (retries include their backoff). */
const lateness = (job: Job<StoredJob>) => Date.now() - (job.timestamp + (job.opts.delay ?? 0));
