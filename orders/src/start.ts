import {
  createLogger,
  honourSessionRevocations,
  startOutboxService,
  type OutboxService,
  type ServiceDependencies,
  type StartService,
} from '@ticketing/common';
import { createOrdersApp } from './app';
import type { OrdersConfig } from './config';
import { createOrderModel } from './data/order-model';
import { createTicketCopyModel } from './data/ticket-copy-model';
import { ETicketCodes } from './domain/e-tickets';
import { Orders } from './domain/orders';
import { TicketCatalogue } from './domain/ticket-catalogue';
import {
  ExpirationCompleteListener,
  PaymentCreatedListener,
} from './events/listeners/order-status-listeners';
import {
  TicketCreatedListener,
  TicketUpdatedListener,
} from './events/listeners/ticket-copy-listeners';
import { SERVICE_NAME } from './service-name';

/**
 * Connects the database and the bus, starts the outbox relay, keeps the ticket catalogue from ticket
 * events and settles orders on expiration and payment events, then serves the orders API; `stop()`
 * undoes it in reverse.
 */
export const startOrdersService: StartService<OrdersConfig, ServiceDependencies, OutboxService> = (
  config,
  { logger = createLogger(SERVICE_NAME, config.LOG_LEVEL), bus } = {},
) =>
  startOutboxService({
    config,
    serviceName: SERVICE_NAME,
    logger,
    bus,
    port: config.PORT,
    models: async (connection) => ({
      orders: await createOrderModel(connection),
      tickets: createTicketCopyModel(connection),
    }),
    publishesFrom: ({ orders }) => [orders],
    wire: async (runtime) => {
      const sessions = await honourSessionRevocations({ ...runtime, config });
      const orders = new Orders({
        orders: runtime.models.orders,
        tickets: runtime.models.tickets,
        eventsRecorded: runtime.eventsRecorded,
        expirationWindowSeconds: config.EXPIRATION_WINDOW_SECONDS,
        eTickets: new ETicketCodes(config.ETICKET_SIGNING_KEY, config.ETICKET_PREVIOUS_KEYS),
      });
      const catalogue = new TicketCatalogue(runtime.models.tickets);
      await runtime.bus.listen(new TicketCreatedListener(catalogue, logger));
      await runtime.bus.listen(new TicketUpdatedListener(catalogue, logger));
      await runtime.bus.listen(new ExpirationCompleteListener(orders, logger));
      await runtime.bus.listen(new PaymentCreatedListener(orders, logger));
      return (health) => createOrdersApp({ config, logger, health, sessions, orders });
    },
  });
