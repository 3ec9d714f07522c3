import {
  connectEventBus,
  connectMongo,
  createLogger,
  isMongoConnected,
  listen,
  OutboxRelay,
  type EventBus,
  type Logger,
  type OutboxModel,
} from '@ticketing/common';
import { createOrdersApp } from './app';
import type { OrdersConfig } from './config';
import { createOrderModel } from './data/order-model';
import { createTicketCopyModel } from './data/ticket-copy-model';
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

export interface RunningOrdersService {
  port: number;
  stop(): Promise<void>;
}

export interface OrdersServiceOptions {
  logger?: Logger;
  /** A bus to use instead of connecting the configured one (tests); the service closes it on stop. */
  bus?: EventBus;
}

/**
 * Connects the database and the bus, starts the outbox relay and the listeners, then serves HTTP;
 * `stop()` undoes it in reverse.
 */
export async function startOrdersService(
  config: OrdersConfig,
  { logger = createLogger('orders', config.LOG_LEVEL), bus: givenBus }: OrdersServiceOptions = {},
): Promise<RunningOrdersService> {
  const connection = await connectMongo(config.MONGO_URI, logger);
  let bus: EventBus | undefined = givenBus;
  let relay: OutboxRelay | undefined;
  let shuttingDown = false;
  const stopEvents = async () => {
    await bus?.close();
    await relay?.stop();
  };
  try {
    const orderModel = await createOrderModel(connection);
    const ticketModel = createTicketCopyModel(connection);
    bus ??= await connectEventBus(config, 'orders', logger);
    relay = new OutboxRelay({
      bus,
      models: [orderModel as unknown as OutboxModel],
      logger: logger.child({ component: 'outbox-relay' }),
      pollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS,
    });
    relay.start();
    const outbox = relay;
    const orders = new Orders({
      orders: orderModel,
      tickets: ticketModel,
      eventsRecorded: () => outbox.nudge(),
      expirationWindowSeconds: config.EXPIRATION_WINDOW_SECONDS,
    });
    const catalogue = new TicketCatalogue(ticketModel);
    await bus.listen(new TicketCreatedListener(catalogue, logger));
    await bus.listen(new TicketUpdatedListener(catalogue, logger));
    await bus.listen(new ExpirationCompleteListener(orders, logger));
    await bus.listen(new PaymentCreatedListener(orders, logger));
    const app = createOrdersApp({
      config,
      logger,
      orders,
      // Not the bus: while it is down, writes still succeed and their events wait in the outbox.
      readiness: { mongo: () => isMongoConnected(connection) },
      isShuttingDown: () => shuttingDown,
    });
    const http = await listen(app, config.PORT);
    logger.info({ port: http.port }, 'orders service listening');
    return {
      port: http.port,
      stop: async () => {
        shuttingDown = true;
        await http.close();
        await stopEvents();
        await connection.close();
      },
    };
  } catch (err) {
    await stopEvents();
    await connection.close();
    throw err;
  }
}
