import type { Subject } from '../events/catalogue';
import type { EventEnvelope } from '../events/envelope';
import type { Listener } from './listener';

/** The one interface both drivers (JetStream, NATS Streaming) implement. */
export interface EventBus {
  readonly driver: 'jetstream' | 'stan' | 'memory';
  /** The service the bus was connected for: the queue group of every listener it runs. */
  readonly serviceName: string;
  /** Resolves once the broker has stored the event; rejects if it could not. */
  publish(envelope: EventEnvelope): Promise<void>;
  /** Starts delivering the listener's subject to it, durably, shared with the other replicas. */
  listen<S extends Subject>(listener: Listener<S>): Promise<void>;
  isConnected(): boolean;
  /** Stops taking new messages, waits for the ones being handled, then closes the connection. */
  close(): Promise<void>;
}

export interface DeliveryPolicy {
  /** How long a delivered, unacknowledged message waits before it is redelivered. */
  ackWaitMs: number;
  /** Deliveries before a failing message is moved to the dead-letter subject. */
  maxDeliveries: number;
  /** Delay before the first redelivery of a failed message; doubles per retry up to ackWaitMs. */
  retryDelayMs: number;
}
