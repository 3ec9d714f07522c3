import {
  createServiceApp,
  type Health,
  type Logger,
  type SessionVerifier,
} from '@ticketing/common';
import type { TicketsConfig } from './config';
import type { Tickets } from './domain/tickets';
import { ticketsRouter } from './routes/tickets-router';

export interface TicketsAppDeps {
  config: TicketsConfig;
  logger: Logger;
  health: Health;
  sessions: SessionVerifier;
  tickets: Tickets;
}

export function createTicketsApp({ config, logger, health, sessions, tickets }: TicketsAppDeps) {
  return createServiceApp({ config, logger, health, sessions, routes: ticketsRouter({ tickets }) });
}
