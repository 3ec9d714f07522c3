import { setTimeout as sleep } from 'node:timers/promises';
import {
  metricsFor,
  Subjects,
  type EventBus,
  type Following,
  type Logger,
} from '@ticketing/common';
import type { Catalog } from '../domain/catalog';
import { SERVICE_NAME } from '../service-name';

const FOLLOWED = [Subjects.TicketCreated, Subjects.TicketUpdated] as const;

/**
 * Keeps this replica's memory complete and current, whichever replica the queue group hands an
 * event to: the replica follows the ticket subjects itself (every event the stream keeps, then each
 * new one), and loads the database, which holds every ticket whose events have aged out of the
 * stream. Following starts first, so nothing written to the database after the load began is
 * missed; the memory keeps the newer version of whatever both hand over.
 */
export class CatalogFeed {
  private loaded = false;
  private caughtUp = false;
  private stopped = false;
  private readonly abort = new AbortController();
  private catchingUp: Promise<void> = Promise.resolve();

  private constructor(
    private readonly followings: Following[],
    private readonly stopMeasuring: () => void,
  ) {}

  static async start(catalog: Catalog, bus: EventBus, logger: Logger): Promise<CatalogFeed> {
    const followings: Following[] = [];
    for (const subject of FOLLOWED) {
      followings.push(
        await bus.follow(subject, (data, event) => {
          catalog.remember({ data, occurredAt: event.occurredAt });
        }),
      );
    }
    const stopMeasuring = metricsFor(SERVICE_NAME).gaugeReadAtScrape(
      'ticketing_catalog_events_behind',
      "Ticket events the stream holds that this replica's memory has not taken yet",
      [],
      async () => [{ value: followings.reduce((sum, following) => sum + following.behind(), 0) }],
    );
    const feed = new CatalogFeed(followings, stopMeasuring);
    feed.catchingUp = feed.catchUp(catalog, logger);
    return feed;
  }

  /** Loads the database (again, with back-off, until it answers), then waits for the stream. */
  private async catchUp(catalog: Catalog, logger: Logger): Promise<void> {
    const started = Date.now();
    let backoffMs = 250;
    while (!this.stopped && !this.loaded) {
      try {
        const applied = await catalog.load();
        this.loaded = true;
        logger.info(
          { tickets: applied, ms: Date.now() - started },
          'catalog loaded from its database',
        );
      } catch (err) {
        if (this.stopped) return;
        logger.warn({ err, backoffMs }, 'could not load the catalog from its database; retrying');
        await sleep(backoffMs, undefined, { signal: this.abort.signal }).catch(() => undefined);
        backoffMs = Math.min(backoffMs * 2, 10_000);
      }
    }
    const stopping = new Promise<void>((resolve) =>
      this.abort.signal.addEventListener('abort', () => resolve()),
    );
    await Promise.race([
      Promise.all(this.followings.map((following) => following.caughtUp)),
      stopping,
    ]);
    if (this.stopped) return;
    this.caughtUp = true;
    const { heapUsed, rss } = process.memoryUsage();
    logger.info(
      {
        tickets: catalog.index.size,
        ms: Date.now() - started,
        heapUsedMb: Math.round(heapUsed / 2 ** 20),
        rssMb: Math.round(rss / 2 ** 20),
      },
      'catalog caught up with the event stream',
    );
  }

  /** Loaded from the database and caught up with the stream as it stood at start. */
  isReady(): boolean {
    return this.loaded && this.caughtUp;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    this.stopMeasuring();
    await Promise.all(this.followings.map((following) => following.stop()));
    await this.catchingUp;
  }
}
