import { setTimeout as sleep } from 'node:timers/promises';
import type { EventBus } from '../bus/event-bus';
import type { Logger } from '../logging/logger';
import type { EventEnvelope } from '../events/envelope';
import { metricsFor } from '../metrics/service-metrics';
import { untraced } from '../tracing/trace-context';
import {
  PENDING_OUTBOX_FILTER,
  relayQueries,
  type OutboxModel,
  type PendingDocument,
} from './outbox';

export interface OutboxRelayOptions {
  bus: EventBus;
  models: OutboxModel[];
  logger: Logger;
  /**
   * How soon to try again while events wait: the bus away, a publish failed (doubling per failure,
   * up to 30 s).
   */
  pollIntervalMs: number;
  /**
   * How often to look for pending events no nudge announced (a write whose process died before its
   * nudge, another replica's leftovers); default a minute. Writes nudge the relay, so this safety
   * sweep is all an idle service does.
   */
  sweepIntervalMs?: number;
  batchSize?: number;
}

export const DEFAULT_OUTBOX_SWEEP_INTERVAL_MS = 60_000;

/**
 * A document that was just saved with events: its model and id, and its outbox when the document
 * holds it (as the writer's always do), which the relay then publishes without reading it back.
 */
export interface ChangedDocument {
  _id: unknown;
  constructor: unknown;
  outbox?: unknown;
}

/**
 * The events a saved document wrote, as plain envelopes; undefined when the document was read
 * without its outbox (`select: false`), so that only the database can tell what is pending.
 */
function savedOutbox(document: ChangedDocument): EventEnvelope[] | undefined {
  if (!Array.isArray(document.outbox)) return undefined;
  return document.outbox.map((envelope: EventEnvelope & { toObject?: () => EventEnvelope }) =>
    envelope.toObject ? envelope.toObject() : envelope,
  );
}

/**
 * Documents published side by side. Each document's events still go out in order; the waits for the
 * database and the broker overlap, so a burst of writes is not published one round trip at a time.
 */
const DOCUMENTS_IN_FLIGHT = 16;

/**
 * Event ids remembered as published and removed: far more than the events a write's copy of a
 * document can carry from before its removal (those of the last moments).
 */
const REMOVED_EVENTS_KEPT = 10_000;

/** Runs `task` for every item, at most `limit` at a time; waits for all, then throws the first failure. */
async function forEachConcurrently<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const failures: unknown[] = [];
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await task(item).catch((err: unknown) => failures.push(err));
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failures.length > 0) throw failures[0];
}

/**
 * The outbox gauges of a service, read at scrape time: how many documents hold events not yet
 * published, and how long the oldest of those events has waited (0 when none waits), which is what
 * grows while the bus is unreachable.
 */
function measureOutboxes(service: string, models: OutboxModel[]): () => void {
  const metrics = metricsFor(service);
  const stopCounting = metrics.gaugeReadAtScrape(
    'ticketing_outbox_pending_events',
    'Documents whose outbox holds events not yet published',
    [],
    async () => {
      const counts = await Promise.all(models.map((m) => m.countDocuments(PENDING_OUTBOX_FILTER)));
      return [{ value: counts.reduce((sum, count) => sum + count, 0) }];
    },
  );
  const stopAging = metrics.gaugeReadAtScrape(
    'ticketing_outbox_oldest_pending_age_seconds',
    'Age of the oldest event waiting in an outbox, 0 when none waits',
    [],
    async () => {
      const oldest = await Promise.all(
        models.map((model) =>
          model
            .findOne(PENDING_OUTBOX_FILTER, { outbox: 1 })
            .sort({ 'outbox.0.occurredAt': 1 })
            .lean<PendingDocument>(),
        ),
      );
      const times = oldest
        .map((d) => Date.parse(d?.outbox?.[0]?.occurredAt ?? ''))
        .filter(Number.isFinite);
      const ageMs = times.length > 0 ? Date.now() - Math.min(...times) : 0;
      return [{ value: Math.max(ageMs, 0) / 1000 }];
    },
  );
  return () => {
    stopCounting();
    stopAging();
  };
}

/**
 * Publishes the events waiting in the outboxes, each document's events in order, removing each one
 * after the broker has stored it. Publishing carries the event id as the broker's dedup id, so an
 * event published again after a crash between publish and removal is not delivered twice.
 *
 * A nudge naming the document just written publishes that document's events by its id (the fast
 * path); the start, a nudge without a document and a slow safety sweep look for every pending event
 * (which also picks up what a crashed process left behind) through the index of pending outboxes.
 * While events wait for the bus, it tries again every `pollIntervalMs`. Never two runs at once.
 */
export class OutboxRelay {
  private running: Promise<void> | undefined;
  private rerun = false;
  private scanRequested = false;
  private lastScanAt = 0;
  /**
   * Per model, the documents to publish, by their id's string form (two ObjectIds of one id differ);
   * a later save of a document replaces an earlier one's events, since its outbox holds them too.
   */
  private readonly changed = new Map<OutboxModel, Map<string, PendingDocument>>();
  /** The events this relay published and removed lately, oldest first. */
  private readonly removed = new Set<string>();
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  private stopMeasuring: (() => void) | undefined;

  constructor(private readonly options: OutboxRelayOptions) {}

  start(): void {
    this.stopMeasuring = measureOutboxes(this.options.bus.serviceName, this.options.models);
    this.scanRequested = true;
    this.schedule(0);
  }

  /** Asks for a run now: for the document just saved with events, or (without one) for everything. */
  nudge(document?: ChangedDocument): void {
    if (this.stopped) return;
    const model = document?.constructor as OutboxModel | undefined;
    if (document && model && this.options.models.includes(model)) {
      const pending = this.changed.get(model) ?? new Map<string, PendingDocument>();
      pending.set(String(document._id), { _id: document._id, outbox: savedOutbox(document) });
      this.changed.set(model, pending);
    } else {
      this.scanRequested = true;
    }
    this.runSoon();
  }

  /** Resolves when the outboxes were empty at the end of a run (for tests and shutdown). */
  async flush(): Promise<void> {
    for (;;) {
      this.nudge();
      await this.running;
      if (!(await this.hasPending())) return;
      await sleep(20);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopMeasuring?.();
    clearTimeout(this.timer);
    await this.running;
  }

  private runSoon(): void {
    if (this.running) {
      this.rerun = true;
    } else if (!this.options.bus.isConnected()) {
      // Nothing to try while the bus is away; look again soon, so delivery resumes within one poll.
      this.schedule(this.options.pollIntervalMs);
    } else {
      // A nudge comes from a request; the run serves every pending document, not that request's trace.
      this.running = untraced(() => this.run());
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.scanRequested = true;
      this.runSoon();
    }, delayMs);
    this.timer.unref();
  }

  private async hasPending(): Promise<boolean> {
    for (const model of this.options.models) {
      if (await model.exists(PENDING_OUTBOX_FILTER)) return true;
    }
    return false;
  }

  private async run(): Promise<void> {
    let delayMs = this.options.pollIntervalMs;
    try {
      do {
        this.rerun = false;
        await this.publishChanged();
        if (this.scanRequested) {
          this.scanRequested = false;
          this.lastScanAt = Date.now();
          for (const model of this.options.models) await this.drain(model);
        }
      } while (this.rerun && !this.stopped);
      if (this.failures > 0)
        this.options.logger.info({ failures: this.failures }, 'outbox relay recovered');
      this.failures = 0;
      // The sweep keeps its pace through a stream of nudged runs.
      const sweepIntervalMs = this.options.sweepIntervalMs ?? DEFAULT_OUTBOX_SWEEP_INTERVAL_MS;
      delayMs = Math.max(this.lastScanAt + sweepIntervalMs - Date.now(), 0);
    } catch (err) {
      this.failures += 1;
      // What failed is found again by the scan of the next run.
      this.scanRequested = true;
      delayMs = Math.min(this.options.pollIntervalMs * 2 ** this.failures, 30_000);
      const log = this.failures === 1 ? this.options.logger.warn : this.options.logger.debug;
      log.call(
        this.options.logger,
        { err, retryInMs: delayMs },
        'outbox relay could not publish; will retry',
      );
    } finally {
      this.running = undefined;
      this.schedule(delayMs);
    }
  }

  private async publishChanged(): Promise<void> {
    for (const [model, pending] of this.changed) {
      this.changed.delete(model);
      await forEachConcurrently([...pending.values()], DOCUMENTS_IN_FLIGHT, async (saved) => {
        // The saved document's own events; else one lookup by _id (the cost follows the writes,
        // not the size of the collection).
        const document = saved.outbox
          ? saved
          : await relayQueries.outboxOf(model, saved._id).lean<PendingDocument>();
        if (document) await this.publish(model, document);
      });
    }
  }

  private async drain(model: OutboxModel): Promise<void> {
    const batchSize = this.options.batchSize ?? 100;
    for (;;) {
      const documents = await relayQueries.pending(model, batchSize).lean<PendingDocument[]>();
      await forEachConcurrently(documents, DOCUMENTS_IN_FLIGHT, (document) =>
        this.publish(model, document),
      );
      if (documents.length < batchSize || this.stopped) return;
    }
  }

  private async publish(model: OutboxModel, document: PendingDocument): Promise<void> {
    for (const envelope of document.outbox ?? []) {
      // A later save's copy of the document still carries the events it read before this relay
      // removed them (a change right after an insert): they are not published twice.
      if (this.removed.has(envelope.id)) continue;
      await this.options.bus.publish(envelope);
      metricsFor(this.options.bus.serviceName).eventsPublished.inc({ subject: envelope.subject });
      // Removes exactly this event, and nothing if another relay already did. The whole envelope is
      // the match: FerretDB treats a partial document in $pull as an exact value (it would remove
      // nothing), and a filter on the _id alone is the one it can answer from its index.
      await model.updateOne({ _id: document._id }, { $pull: { outbox: envelope } });
      this.rememberRemoved(envelope.id);
    }
  }

  private rememberRemoved(eventId: string): void {
    this.removed.add(eventId);
    if (this.removed.size > REMOVED_EVENTS_KEPT) {
      this.removed.delete(this.removed.values().next().value!);
    }
  }
}
