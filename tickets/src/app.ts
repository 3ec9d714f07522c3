import {
  createServiceApp,
  sessionOptionsFrom,
  type Logger,
  type ReadinessChecks,
} from '@ticketing/common';
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
    session: sessionOptionsFrom(config),
    trustProxy: config.TRUST_PROXY,
    readiness,
    isShuttingDown,
    routes: ticketsRouter({ tickets }),
  });
}
