import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  connect,
  ConnectionError,
  headers,
  nanos,
  type MsgHdrs,
  type NatsConnection,
} from '@nats-io/transport-node';
import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type Consumer,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import type { Logger } from '../logging/logger';
import { allSubjects, deadLetterSubject, type Subject } from '../events/catalogue';
import { encodeEnvelope, type EventEnvelope } from '../events/envelope';
import { tracePublish, type TraceCarrier } from '../tracing/trace-context';
import { durableName, measureConsumerBacklog } from './consumer-backlog';
import type { DeliveryPolicy, EventBus, Following } from './event-bus';
import { handleDelivery } from './delivery';
import { caughtUpSignal, handFollowed, type FollowHandler } from './follow';
import { KeyedScheduler } from './keyed-scheduler';
import type { Listener } from './listener';
import { DEFAULT_EVENT_CONCURRENCY, orderingKeyOf } from './ordered-consumption';

/** The one stream that stores every platform event, and the dead letters. */
export const PLATFORM_STREAM = {
  name: 'TICKETING',
  subjects: [...allSubjects, deadLetterSubject('>')],
  /** Window in which a republished event id is recognised and dropped by the server. */
  duplicateWindowMs: 2 * 60_000,
  maxAgeMs: 7 * 24 * 60 * 60_000,
};

const PULL_EXPIRES_MS = 5_000;

function natsHeadersOf(carrier: TraceCarrier): MsgHdrs | undefined {
  if (!carrier.traceparent) return undefined;
  const natsHeaders = headers();
  natsHeaders.set('traceparent', carrier.traceparent);
  if (carrier.tracestate) natsHeaders.set('tracestate', carrier.tracestate);
  return natsHeaders;
}

const carrierOf = (natsHeaders: MsgHdrs | undefined): TraceCarrier => ({
  traceparent: natsHeaders?.get('traceparent') || undefined,
  tracestate: natsHeaders?.get('tracestate') || undefined,
});

/** Stable durable consumer name shared by every replica of a service for one subject. */
export { durableName };

export interface JetStreamBusOptions extends DeliveryPolicy {
  url: string;
  /** The service's NATS user and password, when the server requires them. */
  user?: string | undefined;
  password?: string | undefined;
  /** The queue group of every listener, and the connection's name. */
  serviceName: string;
  logger: Logger;
  publishTimeoutMs?: number;
  /** How long connecting waits for NATS to answer (it retries meanwhile); default 30 s. */
  connectTimeoutMs?: number | undefined;
  /** Servers that keep a copy of the stream (a NATS cluster); default 1. */
  streamReplicas?: number;
  /** Messages of one consumer handled at once (each aggregate's in order); default 16. */
  concurrency?: number;
}

/**
 * Consumes one durable consumer: messages of different aggregates are handled side by side, up to
 * `concurrency` at once, and those of one aggregate one after another in stream order. At most
 * twice `concurrency` messages are taken from the consumer ahead of their handling.
 */
class ListenerLoop {
  private messages: ConsumerMessages | undefined;
  private stopped = false;
  private readonly scheduler: KeyedScheduler;
  readonly done: Promise<void>;

  constructor(
    private readonly js: JetStreamClient,
    private readonly subject: Subject,
    private readonly consumerName: string,
    private readonly onMessage: (msg: JsMsg) => Promise<void>,
    private readonly logger: Logger,
    private readonly concurrency: number,
  ) {
    this.scheduler = new KeyedScheduler(concurrency);
    this.done = this.run().finally(() => this.scheduler.idle());
  }

  /** Consumes until stopped; a failed consume (lost consumer, connection trouble) is re-established. */
  private async run(): Promise<void> {
    let backoffMs = 250;
    while (!this.stopped) {
      try {
        const consumer = await this.js.consumers.get(PLATFORM_STREAM.name, this.consumerName);
        // Short pulls: a pull request the server dropped (a restart, a stream or consumer update) is
        // noticed and re-issued within seconds instead of the default 30 s.
        this.messages = await consumer.consume({
          max_messages: Math.max(100, this.concurrency * 2),
          expires: PULL_EXPIRES_MS,
        });
        if (this.stopped) this.messages.stop();
        for await (const msg of this.messages) {
          const key = orderingKeyOf(this.subject, msg.data, `message:${msg.seq}`);
          this.scheduler
            .run(key, () => this.onMessage(msg))
            .catch((err: unknown) => {
              // Only settling the message can fail here (the connection closing under it): it is
              // redelivered after the ack wait.
              this.logger.warn({ err, consumer: this.consumerName }, 'could not settle a message');
            });
          await this.scheduler.below(this.concurrency * 2);
          backoffMs = 250;
        }
        if (!this.stopped) throw new Error('the consumer stopped delivering');
      } catch (err) {
        if (this.stopped) break;
        this.logger.warn(
          { err, consumer: this.consumerName, backoffMs },
          'consumer failed; re-establishing',
        );
        await sleep(backoffMs);
        backoffMs = Math.min(backoffMs * 2, 10_000);
      }
    }
  }

  /** Stops taking messages and waits for the ones being handled. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.messages?.stop();
    await this.done;
  }
}

/**
 * One process's ordered, ephemeral consumer of a subject's whole history (`EventBus.follow`). The
 * client's ordered consumer restarts itself on a gap; if it fails for good, it is made again from the
 * sequence after the last one handed over.
 */
class FollowLoop implements Following {
  private consumer: Consumer | undefined;
  private messages: ConsumerMessages | undefined;
  private stopped = false;
  private lastSequence = 0;
  private pending: number;
  private readonly done: Promise<void>;
  readonly caughtUp: Promise<void>;

  constructor(
    private readonly js: JetStreamClient,
    private readonly subject: Subject,
    private readonly onEvent: FollowHandler<Subject>,
    /** The subject's last sequence in the stream when following began (0: none). */
    private readonly target: number,
    initiallyBehind: number,
    private readonly logger: Logger,
  ) {
    this.pending = initiallyBehind;
    const { caughtUp, reached } = caughtUpSignal();
    this.caughtUp = caughtUp;
    if (target === 0) reached();
    this.done = this.run(reached);
  }

  behind(): number {
    return this.pending;
  }

  private async run(reached: () => void): Promise<void> {
    let backoffMs = 250;
    while (!this.stopped) {
      try {
        await this.deleteConsumer();
        const consumer = await this.js.consumers.get(PLATFORM_STREAM.name, {
          // One subject as a string: a list needs NATS 2.10, and Debian's server may be older.
          filter_subjects: this.subject,
          ...(this.lastSequence === 0
            ? { deliver_policy: DeliverPolicy.All }
            : {
                deliver_policy: DeliverPolicy.StartSequence,
                opt_start_seq: this.lastSequence + 1,
              }),
        });
        this.consumer = consumer;
        this.messages = await consumer.consume({ max_messages: 1_000 });
        if (this.stopped) this.messages.stop();
        for await (const msg of this.messages) {
          await handFollowed(this.subject, msg.data, msg.seq, this.onEvent, this.logger);
          this.lastSequence = msg.seq;
          this.pending = msg.info.pending;
          if (msg.seq >= this.target) reached();
          backoffMs = 250;
        }
        if (!this.stopped) throw new Error('the ordered consumer stopped delivering');
      } catch (err) {
        if (this.stopped) break;
        this.logger.warn(
          { err, subject: this.subject, backoffMs },
          'following failed; re-establishing',
        );
        await sleep(backoffMs);
        backoffMs = Math.min(backoffMs * 2, 10_000);
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.messages?.stop();
    await this.done;
    await this.deleteConsumer();
  }

  /**
   * The server would keep an abandoned ordered consumer for five minutes of inactivity; one that
   * cannot be deleted now (the connection is down) is left to that.
   */
  private async deleteConsumer(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    await consumer?.delete().catch((err: unknown) => {
      this.logger.debug({ err, subject: this.subject }, 'could not delete the ordered consumer');
    });
  }
}

const DEFAULT_CONNECT_TIMEOUT_MS = 30_000;
const CONNECT_RETRY_MS = 500;

/**
 * Connects, trying again while NATS is not there yet (restarting, or starting with the service), up
 * to `timeoutMs`: a brief outage at start is waited for instead of crashing the service. Any other
 * refusal (authorization) fails at once.
 */
async function connectWithin(
  timeoutMs: number,
  options: Parameters<typeof connect>[0],
): Promise<NatsConnection> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await connect(options);
    } catch (err) {
      // Only an unreachable server is waited for: a refused user or password fails at once.
      if (!(err instanceof ConnectionError)) throw err;
      if (Date.now() + CONNECT_RETRY_MS >= deadline) {
        throw new Error(`NATS did not answer within ${timeoutMs} ms (${err.message})`, {
          cause: err,
        });
      }
      await sleep(CONNECT_RETRY_MS);
    }
  }
}

/** The consumer's backlog (stored messages not yet delivered to it), read when Prometheus scrapes. */
function measureConsumer(jsm: JetStreamManager, service: string, consumer: string): () => void {
  return measureConsumerBacklog(
    service,
    consumer,
    async () => (await jsm.consumers.info(PLATFORM_STREAM.name, consumer)).num_pending,
  );
}

export class JetStreamBus implements EventBus {
  readonly driver = 'jetstream' as const;
  readonly serviceName: string;
  private connected = true;
  private readonly loops: ListenerLoop[] = [];
  private readonly followers: FollowLoop[] = [];
  private readonly stopMeasuring: (() => void)[] = [];

  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly options: JetStreamBusOptions,
  ) {
    this.serviceName = options.serviceName;
    void this.watchStatus();
  }

  static async connect(options: JetStreamBusOptions): Promise<JetStreamBus> {
    const nc = await connectWithin(options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS, {
      servers: options.url,
      user: options.user,
      pass: options.password,
      name: `${options.serviceName}@${hostname()}`,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
    });
    try {
      const jsm = await jetstreamManager(nc);
      await ensureStream(jsm, options.streamReplicas ?? 1);
      return new JetStreamBus(nc, jetstream(nc), jsm, options);
    } catch (err) {
      await nc.close();
      throw err;
    }
  }

  private async watchStatus(): Promise<void> {
    for await (const status of this.nc.status()) {
      if (status.type === 'disconnect') {
        this.connected = false;
        this.options.logger.warn('lost the NATS connection; reconnecting');
      } else if (status.type === 'reconnect') {
        this.connected = true;
        this.options.logger.info('NATS connection re-established');
      }
    }
  }

  isConnected(): boolean {
    return this.connected && !this.nc.isClosed();
  }

  async publish(envelope: EventEnvelope): Promise<void> {
    await tracePublish(envelope, (carrier) =>
      this.js.publish(envelope.subject, encodeEnvelope(envelope), {
        msgID: envelope.id,
        headers: natsHeadersOf(carrier),
        timeout: this.options.publishTimeoutMs ?? 5_000,
      }),
    );
  }

  async listen<S extends Subject>(listener: Listener<S>): Promise<void> {
    const name = durableName(this.serviceName, listener.subject);
    const config = {
      ack_wait: nanos(this.options.ackWaitMs),
      // Unlimited: the listener ends every event itself (acknowledged, or dead-lettered once a
      // delivery at or past EVENT_MAX_DELIVERIES fails). A server-side limit would drop an event
      // unseen when the replica holding its last delivery dies, freezes or cannot dead-letter it.
      max_deliver: -1,
    };
    try {
      await this.jsm.consumers.add(PLATFORM_STREAM.name, {
        ...config,
        durable_name: name,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        filter_subject: listener.subject,
      });
    } catch (err) {
      // Another replica created it first, or its policy changed since: keep it, update the policy.
      this.options.logger.debug({ err, consumer: name }, 'consumer exists; updating its policy');
      await this.jsm.consumers.update(PLATFORM_STREAM.name, name, config);
    }
    this.stopMeasuring.push(measureConsumer(this.jsm, this.serviceName, name));
    const logger = this.options.logger;
    this.loops.push(
      new ListenerLoop(
        this.js,
        listener.subject,
        name,
        async (msg) => {
          const outcome = await handleDelivery(
            listener,
            msg.data,
            msg.info.deliveryCount,
            this.serviceName,
            this.options,
            logger,
            carrierOf(msg.headers),
          );
          switch (outcome.action) {
            case 'ack':
              msg.ack();
              return;
            case 'retry':
              msg.nak(outcome.delayMs);
              return;
            case 'dead-letter':
              await this.deadLetter(msg);
          }
        },
        logger,
        this.options.concurrency ?? DEFAULT_EVENT_CONCURRENCY,
      ),
    );
  }

  async follow<S extends Subject>(subject: S, onEvent: FollowHandler<S>): Promise<Following> {
    const info = await this.jsm.streams.info(PLATFORM_STREAM.name, { subjects_filter: subject });
    const stored = info.state.subjects?.[subject] ?? 0;
    const last =
      stored === 0
        ? 0
        : ((await this.jsm.streams.getMessage(PLATFORM_STREAM.name, { last_by_subj: subject }))
            ?.seq ?? 0);
    const loop = new FollowLoop(
      this.js,
      subject,
      onEvent as FollowHandler<Subject>,
      last,
      stored,
      this.options.logger,
    );
    this.followers.push(loop);
    return loop;
  }

  private async deadLetter(msg: JsMsg): Promise<void> {
    try {
      await this.js.publish(deadLetterSubject(msg.subject), msg.data, {
        msgID: `dead:${msg.info.stream}:${msg.seq}`,
      });
      // No reason text: a server before 2.10 does not recognise "+TERM <reason>", ignores it, and
      // redelivers the message after every ack wait (the reason is in the handler's log line).
      msg.term();
    } catch (err) {
      // Not moved aside: leave it to be redelivered rather than lose it.
      this.options.logger.error({ err, subject: msg.subject }, 'could not dead-letter a message');
      msg.nak(this.options.ackWaitMs);
    }
  }

  async close(): Promise<void> {
    for (const stop of this.stopMeasuring) stop();
    await Promise.all([...this.loops, ...this.followers].map((loop) => loop.stop()));
    if (!this.nc.isClosed()) await this.nc.drain();
  }
}

/**
 * Creates the stream, or brings an existing one up to date: new subjects, and the number of copies
 * (raising it on a cluster makes the servers copy what the stream already holds).
 */
async function ensureStream(jsm: JetStreamManager, replicas: number): Promise<void> {
  const config = {
    name: PLATFORM_STREAM.name,
    subjects: PLATFORM_STREAM.subjects,
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    duplicate_window: nanos(PLATFORM_STREAM.duplicateWindowMs),
    max_age: nanos(PLATFORM_STREAM.maxAgeMs),
    num_replicas: replicas,
  };
  try {
    const info = await jsm.streams.info(PLATFORM_STREAM.name);
    const missing = config.subjects.filter((s) => !info.config.subjects?.includes(s));
    if (missing.length > 0 || info.config.num_replicas !== replicas) {
      await jsm.streams.update(PLATFORM_STREAM.name, {
        subjects: config.subjects,
        num_replicas: replicas,
      });
    }
  } catch (err) {
    if (!(err instanceof JetStreamApiError) || err.code !== JetStreamApiCodes.StreamNotFound)
      throw err;
    try {
      await jsm.streams.add(config);
    } catch (addErr) {
      // Another service created it at the same moment; that one is as good as ours.
      await jsm.streams.info(PLATFORM_STREAM.name).catch(() => {
        throw addErr;
      });
    }
  }
}
