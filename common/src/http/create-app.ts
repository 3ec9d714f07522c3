import express, { type Express, type RequestHandler, type Router } from 'express';
import type { Logger } from '../logging/logger';
import { errorHandler } from './error-handler';
import { rejectCrossSiteRequests, securityHeaders } from './hardening';
import { healthRouter, type Health } from './health';
import { requestId } from './request-id';
import { currentUser, routeNotFound, type SessionVerifier } from './middlewares';
import { sessionCookie, sessionCookieOptionsFrom } from './session';
import { proxyTrust } from './trust-proxy';

export interface ServiceAppOptions {
  config: {
    /** Who may tell the client's address: see `proxyTrust`. */
    TRUST_PROXY: string;
    TRUST_PROXY_HOPS: number;
    SESSION_TTL_SECONDS: number;
    COOKIE_SECURE: boolean;
  };
  logger: Logger;
  /** Verifies the session cookie's token (see `honourSessionRevocations`). */
  sessions: SessionVerifier;
  health: Health;
  routes: Router;
  /** Handlers that need the unparsed body (e.g. webhook signature checks), mounted before the JSON parser. */
  rawBodyRoutes?: Router;
  bodyLimit?: string;
}

/**
 * The Express app every service runs: same headers (a request id on every answer), cross-site
 * refusal, parsing, session, health, 404 and error answers everywhere.
 */
export function createServiceApp(options: ServiceAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', proxyTrust(options.config.TRUST_PROXY, options.config.TRUST_PROXY_HOPS));
  app.use(requestId(options.logger));
  app.use(securityHeaders);
  app.use(healthRouter(options.health));
  app.use(rejectCrossSiteRequests);
  if (options.rawBodyRoutes) app.use(options.rawBodyRoutes);
  app.use(express.json({ limit: options.bodyLimit ?? '100kb' }) as RequestHandler);
  app.use(sessionCookie(sessionCookieOptionsFrom(options.config)));
  app.use(currentUser(options.sessions, options.logger));
  app.use(options.routes);
  app.use(routeNotFound);
  app.use(errorHandler(options.logger));
  return app;
}
