import { createServiceApp, type Logger, type ReadinessChecks } from '@ticketing/common';
import type { TicketsConfig } from './config';
import type { Tickets } from './domain/tickets';
import { ticketsRouter } from './routes/tickets-router';

export interface TicketsAppDeps {
  config: TicketsConfig;
  logger: Logger;
  tickets: Tickets;
  readiness: ReadinessChecks;
  isShuttingDown: () => boolean;
}

export function createTicketsApp({
  config,
  logger,
  tickets,
  readiness,
  isShuttingDown,
}: TicketsAppDeps) {
  return createServiceApp({
    logger,
    session: {
      jwtKey: config.JWT_KEY,
      ttlSeconds: config.SESSION_TTL_SECONDS,
      secureCookie: config.COOKIE_SECURE,
    },
    trustProxy: config.TRUST_PROXY,
    readiness,
    isShuttingDown,
    routes: ticketsRouter({ tickets }),
  });
}
