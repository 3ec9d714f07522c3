import { Schema, type Model } from 'mongoose';
import type { EventData, Subject } from '../events/catalogue';
import { createEnvelope, type EventEnvelope } from '../events/envelope';

/** A document that carries the events of its own changes until the relay has published them. */
export interface OutboxFields {
  outbox: EventEnvelope[];
}

export interface OutboxMethods {
  /** Queues an event in this document; it is written by the same save as the change it describes. */
  recordEvent<S extends Subject>(subject: S, data: EventData<S>): void;
}

const envelopeSchema = new Schema<EventEnvelope>(
  {
    id: { type: String, required: true },
    subject: { type: String, required: true },
    occurredAt: { type: String, required: true },
    data: { type: Schema.Types.Mixed, required: true },
    traceparent: String,
    tracestate: String,
  },
  { _id: false },
);

/**
 * The transactional outbox without transactions: an aggregate's pending events live in an array of
 * the aggregate's own document, so the change and its events are one atomic single-document write.
 * `OutboxRelay` publishes them and removes each once the broker has it.
 */
export function outboxPlugin(schema: Schema): void {
  schema.add({ outbox: { type: [envelopeSchema], default: [], select: false } });
  // Sparse: only documents with a pending event are in it, so finding them stays cheap on MongoDB.
  schema.index({ 'outbox.0.id': 1 }, { sparse: true });
  schema.method(
    'recordEvent',
    function recordEvent(this: OutboxFields, subject: Subject, data: unknown) {
      this.outbox.push(createEnvelope(subject, data as EventData<typeof subject>));
    },
  );
}

/** Documents with at least one event still to publish. */
export const PENDING_OUTBOX_FILTER = { 'outbox.0.id': { $exists: true } };

/** The models whose documents the relay drains. */
export type OutboxModel = Model<OutboxFields>;

/** A document's pending events, as the relay reads them: the id and the outbox, nothing else. */
export type PendingDocument = { _id: unknown; outbox?: EventEnvelope[] };

/**
 * The relay's two reads. After a write whose document did not hold its outbox, it reads that
 * document's events by `_id` (the one filter FerretDB answers without reading the collection); its
 * sweep finds documents with pending events through the sparse index of pending outboxes, oldest
 * first.
 */
export const relayQueries = {
  outboxOf: (model: OutboxModel, id: unknown) => model.findById(id, { outbox: 1 }),
  pending: (model: OutboxModel, batchSize: number) =>
    model.find(PENDING_OUTBOX_FILTER, { outbox: 1 }).sort({ _id: 1 }).limit(batchSize),
};
