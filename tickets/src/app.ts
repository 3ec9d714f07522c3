import { createServiceApp, type Health, type Logger } from '@ticketing/common';
import type { TicketsConfig } from './config';
import type { Tickets } from './domain/tickets';
import { ticketsRouter } from './routes/tickets-router';

export interface TicketsAppDeps {
  config: TicketsConfig;
  logger: Logger;
  health: Health;
  tickets: Tickets;
}

export function createTicketsApp({ config, logger, health, tickets }: TicketsAppDeps) {
  return createServiceApp({ config, logger, health, routes: ticketsRouter({ tickets }) });
}
