import type { Logger } from '../logging/logger';
import { metricsFor } from '../metrics/service-metrics';
import type { Subject } from '../events/catalogue';
import { decodeEnvelope, PoisonMessageError } from '../events/envelope';
import { traceProcess, type TraceCarrier } from '../tracing/trace-context';
import type { DeliveryPolicy } from './event-bus';
import { IGNORED, RetryLaterError, type Listener } from './listener';

export type DeliveryOutcome =
  | { action: 'ack'; ignored?: true }
  | { action: 'retry'; delayMs: number }
  | { action: 'dead-letter'; reason: string };

const OUTCOME_LABELS = { ack: 'ack', retry: 'retry', 'dead-letter': 'deadletter' } as const;

/**
 * What both drivers do with one delivered message: decode and validate it, run the handler, and
 * decide whether to acknowledge it, have it redelivered later, or move it aside as dead. Never throws.
 * Counts the outcome and times the handler in the metrics of the service (the queue group).
 */
export async function handleDelivery<S extends Subject>(
  listener: Listener<S>,
  bytes: Uint8Array,
  deliveryCount: number,
  queueGroup: string,
  policy: DeliveryPolicy,
  logger: Logger,
  /** The trace context the message's headers carried; the envelope's is used without one. */
  headers?: TraceCarrier,
): Promise<DeliveryOutcome> {
  const metrics = metricsFor(queueGroup);
  const endTimer = metrics.eventHandlerDuration.startTimer({ subject: listener.subject });
  const outcome = await decideDelivery(
    listener,
    bytes,
    deliveryCount,
    queueGroup,
    policy,
    logger,
    headers,
  );
  endTimer();
  metrics.eventsConsumed.inc({
    subject: listener.subject,
    outcome:
      outcome.action === 'ack' && outcome.ignored ? 'ignored' : OUTCOME_LABELS[outcome.action],
  });
  return outcome;
}

async function decideDelivery<S extends Subject>(
  listener: Listener<S>,
  bytes: Uint8Array,
  deliveryCount: number,
  queueGroup: string,
  policy: DeliveryPolicy,
  logger: Logger,
  headers?: TraceCarrier,
): Promise<DeliveryOutcome> {
  const log = logger.child({
    subject: listener.subject,
    queueGroup,
    deliveryCount,
  });
  let eventId: string | undefined;
  try {
    const envelope = decodeEnvelope(listener.subject, bytes);
    eventId = envelope.id;
    const { data, ...meta } = envelope;
    const result = await traceProcess(
      envelope,
      queueGroup,
      headers?.traceparent ? headers : envelope,
      () => listener.onMessage(data, { ...meta, deliveryCount }),
    );
    if (result === IGNORED) return { action: 'ack', ignored: true };
    // Applied for the first time (a duplicate or an older version is ignored, above).
    metricsFor(queueGroup).eventPropagation.observe(
      { subject: listener.subject },
      Math.max(0, Date.now() - Date.parse(envelope.occurredAt)) / 1000,
    );
    return { action: 'ack' };
  } catch (err) {
    if (err instanceof PoisonMessageError) {
      log.error({ err, eventId }, 'poison message moved to dead-letter');
      return { action: 'dead-letter', reason: err.message };
    }
    const reason = err instanceof Error ? err.message : String(err);
    if (deliveryCount >= policy.maxDeliveries) {
      log.error({ err, eventId }, 'event failed on its last delivery; moved to dead-letter');
      return { action: 'dead-letter', reason };
    }
    const delayMs = Math.min(policy.retryDelayMs * 2 ** (deliveryCount - 1), policy.ackWaitMs);
    if (err instanceof RetryLaterError) {
      log.info({ eventId, reason, delayMs }, 'event not applicable yet; will be redelivered');
    } else {
      log.error({ err, eventId, delayMs }, 'event handler failed; will be redelivered');
    }
    return { action: 'retry', delayMs };
  }
}
