import type { EventData, Subject } from '../events/catalogue';
import type { EventEnvelope } from '../events/envelope';
import type { Listener } from './listener';

/** What a follower is handed: the event, and its position in its subject's history. */
export type FollowedEvent<S extends Subject> = EventEnvelope<S> & { sequence: number };

/** A subscription of one process to a subject's whole history (see `EventBus.follow`). */
export interface Following {
  /** Resolves once every event the bus held when following began has been handed over. */
  readonly caughtUp: Promise<void>;
  /** Events the bus holds that have not been handed over yet (as of the last delivery). */
  behind(): number;
  stop(): Promise<void>;
}

/** The one interface both drivers (JetStream, NATS Streaming) implement. */
export interface EventBus {
  readonly driver: 'jetstream' | 'stan' | 'memory';
  /** The service the bus was connected for: the queue group of every listener it runs. */
  readonly serviceName: string;
  /** Resolves once the broker has stored the event; rejects if it could not. */
  publish(envelope: EventEnvelope): Promise<void>;
  /** Starts delivering the listener's subject to it, durably, shared with the other replicas. */
  listen<S extends Subject>(listener: Listener<S>): Promise<void>;
  /**
   * Hands every event of the subject the bus still keeps, oldest first, then each new one, to this
   * process alone: no queue group, nothing durable, no acknowledgement or redelivery (a handler's
   * failure is logged and the event skipped; a malformed event is skipped, as the durable listener
   * dead-letters it). For state each replica keeps in memory and rebuilds at start.
   */
  follow<S extends Subject>(
    subject: S,
    onEvent: (data: EventData<S>, event: FollowedEvent<S>) => void | Promise<void>,
  ): Promise<Following>;
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
