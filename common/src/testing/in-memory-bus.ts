import type { DeliveryPolicy, EventBus, Following } from '../bus/event-bus';
import { handleDelivery, type DeliveryOutcome } from '../bus/delivery';
import { handFollowed, type FollowHandler } from '../bus/follow';
import type { Listener } from '../bus/listener';
import type { EventData, Subject } from '../events/catalogue';
import { createEnvelope, encodeEnvelope, type EventEnvelope } from '../events/envelope';
import { createLogger } from '../logging/logger';

/**
 * An in-process bus for a service's own tests: it records what the service publishes and delivers
 * events to the service's listeners through the same delivery handling as the real drivers.
 * Integration tests use the real drivers against a real NATS server instead.
 */
export class InMemoryEventBus implements EventBus {
  readonly driver = 'memory' as const;
  /** Not a real queue group: one bus stands for one service's replicas. */
  readonly serviceName = 'in-memory';
  readonly published: EventEnvelope[] = [];
  private readonly listeners = new Map<Subject, Listener<Subject>>();
  private readonly followers = new Map<Subject, Set<FollowHandler<Subject>>>();
  private delivered = 0;
  /** Set to make publishing fail, as when the broker is down. */
  failPublishes = false;
  readonly policy: DeliveryPolicy = { ackWaitMs: 1000, maxDeliveries: 5, retryDelayMs: 10 };
  private readonly logger = createLogger('in-memory-bus', process.env.TEST_LOG_LEVEL ?? 'silent');

  async publish(envelope: EventEnvelope): Promise<void> {
    if (this.failPublishes) throw new Error('bus unavailable');
    this.published.push(envelope);
  }

  async listen<S extends Subject>(listener: Listener<S>): Promise<void> {
    this.listeners.set(listener.subject, listener as unknown as Listener<Subject>);
  }

  /** Followers get each event `deliver` hands the listener, from then on: nothing is kept to replay. */
  async follow<S extends Subject>(subject: S, onEvent: FollowHandler<S>): Promise<Following> {
    const handlers = this.followers.get(subject) ?? new Set<FollowHandler<Subject>>();
    this.followers.set(subject, handlers);
    const handler = onEvent as FollowHandler<Subject>;
    handlers.add(handler);
    return {
      caughtUp: Promise.resolve(),
      behind: () => 0,
      stop: async () => {
        handlers.delete(handler);
      },
    };
  }

  isConnected(): boolean {
    return !this.failPublishes;
  }

  async close(): Promise<void> {}

  /** The payloads published on one subject, in order. */
  dataOf<S extends Subject>(subject: S): EventData<S>[] {
    return this.published.filter((e) => e.subject === subject).map((e) => e.data as EventData<S>);
  }

  /** Delivers an event to the listener of its subject, as the broker would, and returns what happened. */
  async deliver<S extends Subject>(
    subject: S,
    data: EventData<S>,
    { deliveryCount = 1, envelope = createEnvelope(subject, data) } = {},
  ): Promise<DeliveryOutcome> {
    return this.deliverRaw(subject, encodeEnvelope(envelope), deliveryCount);
  }

  async deliverRaw(
    subject: Subject,
    bytes: Uint8Array,
    deliveryCount = 1,
  ): Promise<DeliveryOutcome> {
    const listener = this.listeners.get(subject);
    if (!listener) throw new Error(`no listener for ${subject}`);
    const outcome = await handleDelivery(
      listener,
      bytes,
      deliveryCount,
      this.serviceName,
      this.policy,
      this.logger,
    );
    // A broker hands an event to its followers once, whatever its durable consumers made of it.
    if (deliveryCount === 1) {
      const sequence = ++this.delivered;
      for (const follower of this.followers.get(subject) ?? []) {
        await handFollowed(subject, bytes, sequence, follower, this.logger);
      }
    }
    return outcome;
  }
}
