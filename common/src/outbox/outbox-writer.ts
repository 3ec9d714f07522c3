import type { HydratedDocument, Model } from 'mongoose';
import { retryOnVersionConflict } from '../data/version-conflict';
import type { OutboxFields, OutboxMethods } from './outbox';
import type { ChangedDocument } from './outbox-relay';

/** What a `decide` function concluded: the result for its caller, and whether to save the document. */
export interface Decision<R> {
  result: R;
  /** The document was changed (and recorded the events of the change): it must be saved. */
  changed: boolean;
}

/** The document stays as it is; nothing is saved. */
export const unchanged = <R>(result: R): Decision<R> => ({ result, changed: false });

/** The document was changed: save it with the events it recorded. */
export const changed = <R>(result: R): Decision<R> => ({ result, changed: true });

/** Called after every save that wrote events into the outbox, so they are published at once. */
export type EventsRecorded = (document: ChangedDocument) => void;

export const isObjectId = (id: string) => /^[0-9a-f]{24}$/i.test(id);

export interface OutboxWriterOptions<T> {
  eventsRecorded: EventsRecorded;
  /**
   * Runs on every changed document just before it is saved, e.g. to record the event that
   * announces the version the save writes.
   */
  beforeSave?: (document: HydratedDocument<T, OutboxMethods>) => void;
}

/**
 * The one write protocol of an aggregate whose events go through the outbox: read the document with
 * its pending events, let the domain decide, save the change together with the events it recorded,
 * and only then nudge the relay. A save that lost an optimistic-concurrency race (the model must
 * have `optimisticConcurrency`) runs the whole read → decide → save again, so no decision is ever
 * written over a version it did not see.
 */
export class OutboxWriter<T extends OutboxFields> {
  constructor(
    private readonly model: Model<T, object, OutboxMethods>,
    private readonly options: OutboxWriterOptions<T>,
  ) {}

  /** Saves a new document with the events it recorded, then nudges the relay. */
  async insert(document: HydratedDocument<T, OutboxMethods>): Promise<void> {
    await document.save();
    this.options.eventsRecorded(document);
  }

  /**
   * Reads the document `id`, lets `decide` change it, and saves the change. Resolves `decide`'s
   * result, or undefined when no such document exists (a malformed id included).
   */
  change<R>(
    id: string,
    decide: (document: HydratedDocument<T, OutboxMethods>) => Decision<R>,
  ): Promise<R | undefined> {
    if (!isObjectId(id)) return Promise.resolve(undefined);
    return retryOnVersionConflict(async () => {
      const document = await this.model.findById(id).select('+outbox');
      if (!document) return undefined;
      const decision = decide(document);
      if (!decision.changed) return decision.result;
      this.options.beforeSave?.(document);
      await document.save();
      this.options.eventsRecorded(document);
      return decision.result;
    });
  }
}
