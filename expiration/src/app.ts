import express, { type Express } from 'express';
import {
  errorHandler,
  healthRouter,
  routeNotFound,
  securityHeaders,
  type Health,
  type Logger,
} from '@ticketing/common';

export interface ExpirationAppDeps {
  logger: Logger;
  health: Health;
}

/**
 * Only the health endpoints: the service has no API and no sessions, so it does not take the
 * session and body parsing of `createServiceApp`, just the same headers, health, 404 and error
 * answers.
 */
export function createExpirationApp({ logger, health }: ExpirationAppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders);
  app.use(healthRouter(health));
  app.use(routeNotFound);
  app.use(errorHandler(logger));
  return app;
}
