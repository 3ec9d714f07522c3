import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import stan, { type Message, type Stan, type Subscription } from 'node-nats-streaming';
import type { Logger } from '../logging/logger';
import { deadLetterSubject, type Subject } from '../events/catalogue';
import { encodeEnvelope, type EventEnvelope } from '../events/envelope';
import { tracePublish } from '../tracing/trace-context';
import type { DeliveryPolicy, EventBus, Following } from './event-bus';
import { handleDelivery } from './delivery';
import { caughtUpSignal, handFollowed, type FollowHandler } from './follow';
import { durableName, measureConsumerBacklog } from './consumer-backlog';
import { KeyedScheduler } from './keyed-scheduler';
import type { Listener } from './listener';
import { DEFAULT_EVENT_CONCURRENCY, orderingKeyOf } from './ordered-consumption';
import { readQueueGroupBacklog } from './stan-monitor';

export interface StanBusOptions extends DeliveryPolicy {
  url: string;
  /** The service's NATS user and password, when the server requires them. */
  user?: string | undefined;
  password?: string | undefined;
  clusterId: string;
  /** Unique per connection; defaults to `<serviceName>-<host>-<random>`. */
  clientId?: string;
  /** The queue group (and durable name) of every listener. */
  serviceName: string;
  logger: Logger;
  /** Messages of one subscription handled at once (each aggregate's in order); default 16. */
  concurrency?: number;
  /**
   * The server's monitoring endpoint (`http://host:PORT` of its `-m PORT`): when given, each
   * listener's backlog is read from it when Prometheus scrapes. NATS Streaming's client protocol
   * cannot tell it.
   */
  monitorUrl?: string | undefined;
}

/**
 * The original design's bus (NATS Streaming, end-of-life since 2023), kept as an opt-in driver.
 * Differences from JetStream, by the nature of the server: redelivery happens after the ack wait
 * (there is no per-message delay), delivery counts are tracked per process (so the dead-letter
 * threshold restarts with the process), and the server does not deduplicate republished events
 * (listeners are idempotent, so a duplicate has no second effect).
 */
export class StanBus implements EventBus {
  readonly driver = 'stan' as const;
  readonly serviceName: string;
  private connected = true;
  private closing = false;
  private readonly subscriptions: Subscription[] = [];
  private readonly followers: Subscription[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly stopMeasuring: (() => void)[] = [];

  private constructor(
    private readonly sc: Stan,
    private readonly options: StanBusOptions,
  ) {
    this.serviceName = options.serviceName;
    sc.on('disconnect', () => {
      this.connected = false;
      options.logger.warn('lost the NATS Streaming connection; reconnecting');
    });
    sc.on('reconnect', () => {
      this.connected = true;
      options.logger.info('NATS Streaming connection re-established');
    });
    sc.on('connection_lost', () => {
      this.connected = false;
      options.logger.error('NATS Streaming connection lost for good');
    });
  }

  static connect(options: StanBusOptions): Promise<StanBus> {
    const clientId =
      options.clientId ??
      `${options.serviceName}-${hostname()}-${randomUUID().slice(0, 8)}`.replace(/[^\w-]/g, '_');
    const sc = stan.connect(options.clusterId, clientId, {
      url: options.url,
      user: options.user,
      pass: options.password,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
      waitOnFirstConnect: false,
    });
    return new Promise((resolve, reject) => {
      sc.once('connect', () => resolve(new StanBus(sc, options)));
      sc.once('error', reject);
    });
  }

  isConnected(): boolean {
    return this.connected && !this.closing;
  }

  publish(envelope: EventEnvelope): Promise<void> {
    // No headers in NATS Streaming: the envelope carries the producer span's context instead.
    return tracePublish(envelope, (carrier) =>
      this.publishRaw(envelope.subject, Buffer.from(encodeEnvelope({ ...envelope, ...carrier }))),
    );
  }

  private publishRaw(subject: string, data: Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      this.sc.publish(subject, data, (err) => (err ? reject(new Error(String(err))) : resolve()));
    });
  }

  async listen<S extends Subject>(listener: Listener<S>): Promise<void> {
    const options = this.sc
      .subscriptionOptions()
      .setManualAckMode(true)
      .setAckWait(this.options.ackWaitMs)
      .setDeliverAllAvailable()
      .setDurableName(this.serviceName);
    const subscription = this.sc.subscribe(listener.subject, this.serviceName, options);
    const deliveries = new Map<number, number>();
    // The server sends the subscription's messages as fast as it can (up to its maximum in flight,
    // which counts messages awaiting redelivery too, so it is left large): the scheduler bounds how
    // many are handled at once and keeps each aggregate's in the order the server sent them.
    const scheduler = new KeyedScheduler(this.options.concurrency ?? DEFAULT_EVENT_CONCURRENCY);
    subscription.on('message', (msg: Message) => {
      if (this.closing) return; // not acked: redelivered to another replica or after restart
      const sequence = msg.getSequence();
      const deliveryCount = (deliveries.get(sequence) ?? (msg.isRedelivered() ? 1 : 0)) + 1;
      deliveries.set(sequence, deliveryCount);
      const key = orderingKeyOf(listener.subject, msg.getRawData(), `message:${sequence}`);
      const handled = scheduler
        .run(key, () =>
          this.closing ? Promise.resolve(false) : this.handle(listener, msg, deliveryCount),
        )
        .then((settled) => {
          if (settled) deliveries.delete(sequence);
        });
      this.inFlight.add(handled);
      void handled.finally(() => this.inFlight.delete(handled));
    });
    await new Promise<void>((resolve, reject) => {
      subscription.once('ready', () => resolve());
      subscription.once('error', reject);
    });
    this.subscriptions.push(subscription);
    this.measureBacklog(listener.subject);
  }

  /**
   * `ticketing_consumer_pending_messages` of the service's queue group on the channel, read from the
   * monitoring endpoint at scrape time. The server pushes up to the subscription's maximum in flight
   * (16,384) ahead of the acks, so the gauge counts what waits beyond those. A failed read leaves the
   * gauge out of that scrape (and says why at debug): the scrape itself never fails for it.
   */
  private measureBacklog(subject: Subject): void {
    const { monitorUrl, logger } = this.options;
    if (monitorUrl === undefined) return;
    const group = { durableName: this.serviceName, queueGroup: this.serviceName };
    this.stopMeasuring.push(
      measureConsumerBacklog(this.serviceName, durableName(this.serviceName, subject), () =>
        readQueueGroupBacklog(monitorUrl, subject, group).catch((err: unknown) => {
          logger.debug({ err, subject }, 'could not read the backlog from NATS Streaming');
          return undefined;
        }),
      ),
    );
  }

  /** Resolves true once the message is settled (acked or dead-lettered), false if it awaits redelivery. */
  private async handle<S extends Subject>(
    listener: Listener<S>,
    msg: Message,
    deliveryCount: number,
  ): Promise<boolean> {
    const data = msg.getRawData();
    const outcome = await handleDelivery(
      listener,
      data,
      deliveryCount,
      this.serviceName,
      this.options,
      this.options.logger,
    );
    if (outcome.action === 'retry') return false;
    if (outcome.action === 'dead-letter') {
      try {
        await this.publishRaw(deadLetterSubject(listener.subject), data);
      } catch (err) {
        this.options.logger.error(
          { err, subject: listener.subject },
          'could not dead-letter a message',
        );
        return false;
      }
    }
    msg.ack();
    return true;
  }

  /**
   * A plain subscription (no queue group, not durable) from the first message the channel keeps.
   * NATS Streaming cannot tell a channel's last sequence, so a subscription that starts at the last
   * message (answered at once when there is one) measures it first; a channel that answers nothing
   * within `emptyChannelWaitMs` is taken as empty.
   */
  async follow<S extends Subject>(
    subject: S,
    onEvent: FollowHandler<S>,
    { emptyChannelWaitMs = 1_000 } = {},
  ): Promise<Following> {
    const target = await this.lastSequenceOf(subject, emptyChannelWaitMs);
    const { caughtUp, reached } = caughtUpSignal();
    if (target === 0) reached();
    let handedOver = 0;
    let chain = Promise.resolve();
    const subscription = this.sc.subscribe(
      subject,
      this.sc.subscriptionOptions().setDeliverAllAvailable().setMaxInFlight(1_000),
    );
    subscription.on('message', (msg: Message) => {
      const sequence = msg.getSequence();
      // Handed over one at a time, in the channel's order.
      chain = chain.then(async () => {
        await handFollowed(subject, msg.getRawData(), sequence, onEvent, this.options.logger);
        handedOver = sequence;
        if (sequence >= target) reached();
      });
    });
    await new Promise<void>((resolve, reject) => {
      subscription.once('ready', () => resolve());
      subscription.once('error', reject);
    });
    this.followers.push(subscription);
    return {
      caughtUp,
      behind: () => Math.max(0, target - handedOver),
      stop: async () => {
        subscription.unsubscribe();
        await chain;
      },
    };
  }

  private async lastSequenceOf(subject: string, emptyChannelWaitMs: number): Promise<number> {
    const probe = this.sc.subscribe(
      subject,
      this.sc.subscriptionOptions().setStartWithLastReceived(),
    );
    try {
      return await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => resolve(0), emptyChannelWaitMs);
        probe.once('message', (msg: Message) => {
          clearTimeout(timer);
          resolve(msg.getSequence());
        });
        probe.once('error', (err: Error) => {
          clearTimeout(timer);
          reject(err);
        });
      });
    } finally {
      probe.unsubscribe();
    }
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    for (const stop of this.stopMeasuring) stop();
    await Promise.allSettled([...this.inFlight]);
    for (const follower of this.followers) follower.unsubscribe();
    // close(), not unsubscribe(): the durable queue group and its position must outlive this replica.
    await new Promise<void>((resolve) => {
      this.sc.once('close', () => resolve());
      this.sc.close();
    });
  }
}
