import type { Logger } from '../logging/logger';
import type { EventData, Subject } from '../events/catalogue';
import { decodeEnvelope } from '../events/envelope';
import type { FollowedEvent } from './event-bus';

export type FollowHandler<S extends Subject> = (
  data: EventData<S>,
  event: FollowedEvent<S>,
) => void | Promise<void>;

/**
 * What every driver does with one followed message: decode and validate it, then hand it over.
 * Never throws: a follower has no redelivery, so a bad message or a failing handler is logged and
 * the next message comes.
 */
export async function handFollowed<S extends Subject>(
  subject: S,
  bytes: Uint8Array,
  sequence: number,
  onEvent: FollowHandler<S>,
  logger: Logger,
): Promise<void> {
  try {
    const envelope = decodeEnvelope(subject, bytes);
    await onEvent(envelope.data, { ...envelope, sequence });
  } catch (err) {
    logger.warn({ err, subject, sequence }, 'followed event skipped');
  }
}

/** The `caughtUp` promise of a following, settled by whoever sees the position reached. */
export function caughtUpSignal(): { caughtUp: Promise<void>; reached: () => void } {
  let reached!: () => void;
  const caughtUp = new Promise<void>((resolve) => {
    reached = resolve;
  });
  return { caughtUp, reached };
}
