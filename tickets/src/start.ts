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
import { createTicketsApp } from './app';
import type { TicketsConfig } from './config';
import { createTicketModel } from './data/ticket-model';
import { Tickets } from './domain/tickets';
import { OrderCancelledListener } from './events/listeners/order-cancelled-listener';
import { OrderCompletedListener } from './events/listeners/order-completed-listener';
import { OrderCreatedListener } from './events/listeners/order-created-listener';

export interface RunningTicketsService {
  port: number;
  stop(): Promise<void>;
}

export interface TicketsServiceOptions {
  logger?: Logger;
  /** A bus to use instead of connecting the configured one (tests); the service closes it on stop. */
  bus?: EventBus;
}

/**
 * Connects the database and the bus, starts the outbox relay and the listeners, then serves HTTP;
 * `stop()` undoes it in reverse.
 */
export async function startTicketsService(
  config: TicketsConfig,
  { logger = createLogger('tickets', config.LOG_LEVEL), bus: givenBus }: TicketsServiceOptions = {},
): Promise<RunningTicketsService> {
  const connection = await connectMongo(config.MONGO_URI, logger);
  let bus: EventBus | undefined = givenBus;
  let relay: OutboxRelay | undefined;
  let shuttingDown = false;
  const stopEvents = async () => {
    await bus?.close();
    await relay?.stop();
  };
  try {
    const ticketModel = createTicketModel(connection);
    bus ??= await connectEventBus(config, 'tickets', logger);
    relay = new OutboxRelay({
      bus,
      models: [ticketModel as unknown as OutboxModel],
      logger: logger.child({ component: 'outbox-relay' }),
      pollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS,
    });
    relay.start();
    const outbox = relay;
    const tickets = new Tickets(ticketModel, () => outbox.nudge());
    await bus.listen(new OrderCreatedListener(tickets, logger));
    await bus.listen(new OrderCancelledListener(tickets, logger));
    await bus.listen(new OrderCompletedListener(tickets, logger));
    const app = createTicketsApp({
      config,
      logger,
      tickets,
      // Not the bus: while it is down, writes still succeed and their events wait in the outbox.
      readiness: { mongo: () => isMongoConnected(connection) },
      isShuttingDown: () => shuttingDown,
    });
    const http = await listen(app, config.PORT);
    logger.info({ port: http.port }, 'tickets service listening');
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
