import { once } from 'node:events';
import type { Logger as RateLimitLogger, Options } from 'express-rate-limit';
import { Redis } from 'ioredis';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import type { Logger } from '@ticketing/common';

/** A hung Redis must not hold a sign-in longer than this; the attempt then goes through unlimited. */
const COMMAND_TIMEOUT_MS = 500;
const CONNECT_WAIT_MS = 2_000;

/** A RedisStore that can load its scripts again: a load tried while Redis was away never succeeds. */
class ReloadableRedisStore extends RedisStore {
  private options?: Options;

  override async init(options: Options): Promise<void> {
    this.options = options;
    await super.init(options);
  }

  reload(): Promise<void> {
    return this.options ? this.init(this.options) : Promise.resolve();
  }
}

/**
 * The attempt counters in Redis, shared by every replica. While Redis is unreachable commands fail
 * at once (no offline queue, a timeout), the limiters let requests through (`passOnStoreError`),
 * and one warning per outage says so; when Redis is back the stores reload their scripts.
 */
export class SharedCounters {
  private readonly stores: ReloadableRedisStore[] = [];
  private outage = false;

  private constructor(
    private readonly redis: Redis,
    private readonly logger: Logger,
  ) {
    redis.on('error', (err: unknown) => this.failed(err));
    redis.on('ready', () => this.reachable());
  }

  /** Waits briefly for Redis; when it is not there, auth starts anyway, unlimited, with a warning. */
  static async connect(url: string, logger: Logger): Promise<SharedCounters> {
    const redis = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: COMMAND_TIMEOUT_MS,
      retryStrategy: (attempt) => Math.min(attempt * 100, 2_000),
    });
    const counters = new SharedCounters(redis, logger);
    await once(redis, 'ready', { signal: AbortSignal.timeout(CONNECT_WAIT_MS) }).catch((err) =>
      counters.failed(err),
    );
    return counters;
  }

  /** A store for one limiter; `prefix` keeps its keys apart from the other limiters'. */
  store(prefix: string): RedisStore {
    const store = new ReloadableRedisStore({
      prefix,
      sendCommand: (command: string, ...args: string[]) =>
        this.redis.call(command, ...args) as Promise<RedisReply>,
    });
    this.stores.push(store);
    return store;
  }

  /** For express-rate-limit's own reports: a failed store call is part of the outage warning. */
  readonly rateLimitLogger: RateLimitLogger = {
    error: (err) => this.failed(err),
    warn: (err, message) => this.logger.warn({ err }, message),
  };

  async close(): Promise<void> {
    this.redis.removeAllListeners('ready');
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  private failed(err: unknown) {
    if (this.outage) return;
    this.outage = true;
    this.logger.warn(
      { err },
      'Redis is unreachable: sign-in and sign-up attempts are not rate limited until it is back',
    );
  }

  private reachable() {
    for (const store of this.stores) store.reload().catch((err: unknown) => this.failed(err));
    if (!this.outage) return;
    this.outage = false;
    this.logger.info('Redis is reachable again: sign-in and sign-up attempts are rate limited');
  }
}
