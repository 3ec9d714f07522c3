import type { EventData, Subject } from '../events/catalogue';

/**
 * Messages of one consumer handled at once unless configured (`EVENT_CONCURRENCY`); each
 * aggregate's still one after another, in order.
 */
export const DEFAULT_EVENT_CONCURRENCY = 16;

/**
 * The aggregate each subject's events are about: a consumer handles the events of one aggregate one
 * after another, in the order the stream holds them, and those of different aggregates side by side.
 */
const aggregateOf: { [S in Subject]: (data: EventData<S>) => string } = {
  'ticket.created': (ticket) => ticket.id,
  'ticket.updated': (ticket) => ticket.id,
  'order.created': (order) => order.id,
  'order.cancelled': (order) => order.id,
  'order.completed': (order) => order.id,
  'expiration.complete': (expiration) => expiration.orderId,
  'payment.created': (payment) => payment.orderId,
  'user.sessions-revoked': (revocation) => revocation.userId,
};

/**
 * The ordering key of a received message, read before it is validated. A message whose aggregate
 * cannot be read (not JSON, a malformed payload) gets a key of its own, `fallback`: the handler will
 * find it poison anyway, and it must not hold up anything else.
 */
export function orderingKeyOf(subject: Subject, bytes: Uint8Array, fallback: string): string {
  try {
    const { data } = JSON.parse(Buffer.from(bytes).toString('utf8')) as { data: never };
    const key: unknown = aggregateOf[subject](data);
    return typeof key === 'string' && key.length > 0 ? `aggregate:${key}` : fallback;
  } catch {
    return fallback;
  }
}
