import {
  connectEventBus,
  connectMongo,
  createLogger,
  serveApp,
  type EventBus,
  type ListeningService,
  type ServiceDependencies,
  type StartService,
} from '@ticketing/common';
import { createCatalogApp } from './app';
import type { CatalogConfig } from './config';
import { CatalogStore, createCatalogTicketModel } from './data/catalog-ticket-model';
import { Catalog } from './domain/catalog';
import { CatalogIndex } from './domain/catalog-index';
import { CatalogFeed } from './events/catalog-feed';
import { TicketCreatedListener, TicketUpdatedListener } from './events/listeners/ticket-listeners';
import { SERVICE_NAME } from './service-name';

/** A running catalog replica; `index` is its memory (tests and the benchmark look at it). */
export interface CatalogService extends ListeningService {
  index: CatalogIndex;
}

/**
 * Connects the database and the bus, follows the ticket events into memory while loading the
 * database, writes each event into the database (one replica per event), then serves the catalog;
 * `/readyz` answers 503 until the replica has loaded and caught up. `stop()` undoes it in reverse.
 */
export const startCatalogService: StartService<
  CatalogConfig,
  ServiceDependencies,
  CatalogService
> = async (
  config,
  { logger = createLogger(SERVICE_NAME, config.LOG_LEVEL), bus: givenBus } = {},
) => {
  const connection = await connectMongo(config.MONGO_URI, logger);
  let bus: EventBus | undefined;
  let feed: CatalogFeed | undefined;
  const release = async () => {
    await feed?.stop();
    if (bus && bus !== givenBus) await bus.close();
    await connection.close();
  };
  try {
    const connectedBus = givenBus ?? (await connectEventBus(config, SERVICE_NAME, logger));
    bus = connectedBus;
    const index = new CatalogIndex();
    const catalog = new Catalog(index, new CatalogStore(createCatalogTicketModel(connection)));
    const runningFeed = await CatalogFeed.start(catalog, connectedBus, logger);
    feed = runningFeed;
    await connectedBus.listen(new TicketCreatedListener(catalog));
    await connectedBus.listen(new TicketUpdatedListener(catalog));
    const service = await serveApp({
      app: (health) => createCatalogApp({ config, logger, health, index }),
      readiness: { catalog: () => runningFeed.isReady() },
      port: config.PORT,
      serviceName: SERVICE_NAME,
      logger,
      release,
    });
    return { ...service, index };
  } catch (err) {
    await release();
    throw err;
  }
};
