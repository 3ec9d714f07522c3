import express, { type Express } from 'express';
import {
  errorHandler,
  healthRouter,
  requestId,
  routeNotFound,
  securityHeaders,
  type Health,
  type Logger,
} from '@ticketing/common';
import type { CatalogConfig } from './config';
import type { CatalogIndex } from './domain/catalog-index';
import { catalogRouter } from './routes/catalog-router';

export interface CatalogAppDeps {
  config: CatalogConfig;
  logger: Logger;
  health: Health;
  index: CatalogIndex;
}

/**
 * The catalog is public and read-only: no session, no body, so not `createServiceApp`'s cookie and
 * JSON parsing; the same request id, headers, health, 404 and error answers as every service.
 */
export function createCatalogApp({ config, logger, health, index }: CatalogAppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(requestId(logger));
  app.use(securityHeaders);
  app.use(healthRouter(health));
  app.use(
    catalogRouter({
      index,
      cache: { maxEntries: config.CATALOG_CACHE_ENTRIES, ttlMs: config.CATALOG_CACHE_TTL_MS },
    }),
  );
  app.use(routeNotFound);
  app.use(errorHandler(logger));
  return app;
}
