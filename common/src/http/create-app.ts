import express, { type Express, type RequestHandler, type Router } from 'express';
import type { Logger } from '../logging/logger';
import { errorHandler } from './error-handler';
import { healthRouter, type ReadinessChecks } from './health';
import { currentUser, routeNotFound } from './middlewares';
import { sessionCookie, type SessionOptions } from './session';

export interface ServiceAppOptions {
  logger: Logger;
  session: SessionOptions;
  /** Express 'trust proxy' value: which hops may tell the client's address (the gateway, the ingress). */
  trustProxy: string;
  readiness: ReadinessChecks;
  isShuttingDown: () => boolean;
  routes: Router;
  /** Handlers that need the unparsed body (e.g. webhook signature checks), mounted before the JSON parser. */
  rawBodyRoutes?: Router;
  bodyLimit?: string;
}

/** The Express app every service runs: same parsing, session, health, 404 and error answers everywhere. */
export function createServiceApp(options: ServiceAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy);
  app.use(healthRouter(options.readiness, options.isShuttingDown));
  if (options.rawBodyRoutes) app.use(options.rawBodyRoutes);
  app.use(express.json({ limit: options.bodyLimit ?? '100kb' }) as RequestHandler);
  app.use(sessionCookie(options.session));
  app.use(currentUser(options.session.jwtKey, options.logger));
  app.use(options.routes);
  app.use(routeNotFound);
  app.use(errorHandler(options.logger));
  return app;
}
