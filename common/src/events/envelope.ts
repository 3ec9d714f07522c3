import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { activeTraceCarrier, type TraceCarrier } from '../tracing/trace-context';
import { eventSchemas, type EventData, type Subject } from './catalogue';

/**
 * What travels on the bus. `id` is unique per event (the broker's dedup id and the consumers'
 * idempotency key); `occurredAt` is when the change was committed; `traceparent`/`tracestate`, when
 * tracing is on, the trace the change was made in.
 */
export interface EventEnvelope<S extends Subject = Subject> extends TraceCarrier {
  id: string;
  subject: S;
  occurredAt: string;
  data: EventData<S>;
}

export function createEnvelope<S extends Subject>(
  subject: S,
  data: EventData<S>,
): EventEnvelope<S> {
  return {
    id: randomUUID(),
    subject,
    occurredAt: new Date().toISOString(),
    data,
    ...activeTraceCarrier(),
  };
}

export function encodeEnvelope(envelope: EventEnvelope): Uint8Array {
  return Buffer.from(JSON.stringify(envelope));
}

const envelopeShape = z.object({
  id: z.string().min(1),
  subject: z.string(),
  occurredAt: z.string(),
  data: z.unknown(),
  traceparent: z.string().optional(),
  tracestate: z.string().optional(),
});

export class PoisonMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PoisonMessageError';
  }
}

/** Parses and validates a received message for the subject it arrived on. */
export function decodeEnvelope<S extends Subject>(subject: S, bytes: Uint8Array): EventEnvelope<S> {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    throw new PoisonMessageError('message is not JSON');
  }
  const envelope = envelopeShape.safeParse(json);
  if (!envelope.success || envelope.data.subject !== subject) {
    throw new PoisonMessageError(`message is not a ${subject} event envelope`);
  }
  const data = eventSchemas[subject].safeParse(envelope.data.data);
  if (!data.success) {
    throw new PoisonMessageError(`invalid ${subject} payload: ${data.error.issues[0]?.message}`);
  }
  return { ...envelope.data, subject, data: data.data as EventData<S> };
}
