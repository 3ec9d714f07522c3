import type { DeliveryPolicy, EventBus } from '../bus/event-bus';
import { handleDelivery, type DeliveryOutcome } from '../bus/delivery';
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
    return handleDelivery(
      listener,
      bytes,
      deliveryCount,
      this.serviceName,
      this.policy,
      this.logger,
    );
  }
}
