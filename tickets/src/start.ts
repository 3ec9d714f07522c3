import {
  createLogger,
  honourSessionRevocations,
  startOutboxService,
  type OutboxService,
  type ServiceDependencies,
  type StartService,
} from '@ticketing/common';
import { createTicketsApp } from './app';
import type { TicketsConfig } from './config';
import { createTicketModel, reconcileStoredStatuses } from './data/ticket-model';
import { Tickets } from './domain/tickets';
import { OrderCancelledListener } from './events/listeners/order-cancelled-listener';
import { OrderCompletedListener } from './events/listeners/order-completed-listener';
import { OrderCreatedListener } from './events/listeners/order-created-listener';
import { SERVICE_NAME } from './service-name';

/**
 * Connects the database and the bus, starts the outbox relay, keeps reservations in step with order
 * events, then serves the tickets API; `stop()` undoes it in reverse.
 */
export const startTicketsService: StartService<
  TicketsConfig,
  ServiceDependencies,
  OutboxService
> = (config, { logger = createLogger(SERVICE_NAME, config.LOG_LEVEL), bus } = {}) =>
  startOutboxService({
    config,
    serviceName: SERVICE_NAME,
    logger,
    bus,
    port: config.PORT,
    models: (connection) => ({ tickets: createTicketModel(connection) }),
    publishesFrom: ({ tickets }) => [tickets],
    wire: async (runtime) => {
      const reconciled = await reconcileStoredStatuses(runtime.models.tickets);
      if (reconciled > 0) logger.info({ tickets: reconciled }, 'stored status reconciled');
      const sessions = await honourSessionRevocations({ ...runtime, config });
      const tickets = new Tickets({
        tickets: runtime.models.tickets,
        eventsRecorded: runtime.eventsRecorded,
      });
      await runtime.bus.listen(new OrderCreatedListener(tickets, logger));
      await runtime.bus.listen(new OrderCancelledListener(tickets, logger));
      await runtime.bus.listen(new OrderCompletedListener(tickets, logger));
      return (health) => createTicketsApp({ config, logger, health, sessions, tickets });
    },
  });
