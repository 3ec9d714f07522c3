import type { EventData, Subject } from '../events/catalogue';
import type { EventEnvelope } from '../events/envelope';

export interface ReceivedEvent<S extends Subject = Subject> extends Omit<EventEnvelope<S>, 'data'> {
  /** 1 on the first delivery, then 2, 3, … on redeliveries. */
  deliveryCount: number;
}

/**
 * What a handler returns for an event it acknowledges without applying it (a version it has already,
 * an event for something it does not know): the delivery is counted as `ignored` instead of `ack`.
 */
export const IGNORED = 'ignored';
export type Ignored = typeof IGNORED;

/**
 * Handles one subject for one service. The bus subscribes it in the queue group named after the
 * service it was connected for, which all replicas share, so each event is handled by one of them. `onMessage` resolving acknowledges the event; throwing leaves it
 * to be redelivered later; after the bus's maximum deliveries it is moved to the dead-letter subject.
 * Handlers must be idempotent: every event can arrive more than once.
 */
export abstract class Listener<S extends Subject> {
  abstract readonly subject: S;
  abstract onMessage(data: EventData<S>, event: ReceivedEvent<S>): Promise<void | Ignored>;
}

/**
 * Thrown by a handler that cannot apply an event yet (e.g. it arrived before the version it builds
 * on). It is redelivered like any failure, but logged as expected rather than as an error.
 */
export class RetryLaterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RetryLaterError';
  }
}
