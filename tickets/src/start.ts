import {
  createLogger,
  startOutboxRuntime,
  type EventBus,
  type Logger,
  type ListeningService,
} from '@ticketing/common';
import { createTicketsApp } from './app';
import type { TicketsConfig } from './config';
import { createTicketModel } from './data/ticket-model';
import { Tickets } from './domain/tickets';
import { OrderCancelledListener } from './events/listeners/order-cancelled-listener';
import { OrderCompletedListener } from './events/listeners/order-completed-listener';
import { OrderCreatedListener } from './events/listeners/order-created-listener';

export interface TicketsServiceOptions {
  logger?: Logger;
  /** A bus the caller owns (tests): used instead of connecting one, and left open on stop. */
  bus?: EventBus;
}

/**
 * Connects the database and the bus, starts the outbox relay, keeps reservations in step with order
 * events, then serves the tickets API; `stop()` undoes it in reverse.
 */
export async function startTicketsService(
  config: TicketsConfig,
  { logger = createLogger('tickets', config.LOG_LEVEL), bus }: TicketsServiceOptions = {},
): Promise<ListeningService> {
  const runtime = await startOutboxRuntime({
    config,
    serviceName: 'tickets',
    logger,
    bus,
    models: (connection) => ({ tickets: createTicketModel(connection) }),
    publishesFrom: ({ tickets }) => [tickets],
  });
  try {
    const tickets = new Tickets(runtime.models.tickets, (ticket) => runtime.relay.nudge(ticket));
    await runtime.bus.listen(new OrderCreatedListener(tickets, logger));
    await runtime.bus.listen(new OrderCancelledListener(tickets, logger));
    await runtime.bus.listen(new OrderCompletedListener(tickets, logger));
    const app = createTicketsApp({
      config,
      logger,
      tickets,
      // Not the bus: while it is down, writes still succeed and their events wait in the outbox.
      readiness: { mongo: runtime.isMongoConnected },
      isShuttingDown: runtime.isShuttingDown,
    });
    return await runtime.serve(app, config.PORT);
  } catch (err) {
    await runtime.stop();
    throw err;
  }
}
