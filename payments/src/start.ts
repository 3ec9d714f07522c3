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
import { createPaymentsApp } from './app';
import type { PaymentsConfig } from './config';
import { createOrderModel } from './data/order-model';
import { createPaymentModel } from './data/payment-model';
import type { PaymentProvider } from './domain/payment-provider';
import { Payments } from './domain/payments';
import { OrderCancelledListener } from './events/listeners/order-cancelled-listener';
import { OrderCompletedListener } from './events/listeners/order-completed-listener';
import { OrderCreatedListener } from './events/listeners/order-created-listener';
import { QUEUE_GROUP } from './events/queue-group';
import { createPaymentProvider } from './providers/create-provider';

export interface RunningPaymentsService {
  port: number;
  stop(): Promise<void>;
}

export interface PaymentsServiceOverrides {
  /** A bus the caller owns (tests): used instead of connecting one, and left open on stop. */
  bus?: EventBus;
  /** Used instead of the provider the config names (tests). */
  provider?: PaymentProvider;
}

/**
 * Connects the database and the bus, keeps the order copies from order events, publishes recorded
 * events through the outbox, then serves HTTP; `stop()` undoes it in reverse.
 */
export async function startPaymentsService(
  config: PaymentsConfig,
  logger: Logger = createLogger('payments', config.LOG_LEVEL),
  overrides: PaymentsServiceOverrides = {},
): Promise<RunningPaymentsService> {
  const connection = await connectMongo(config.MONGO_URI, logger);
  let bus: EventBus | undefined;
  let relay: OutboxRelay | undefined;
  const closeBus = async () => {
    if (bus && bus !== overrides.bus) await bus.close();
  };
  let shuttingDown = false;
  try {
    const orders = createOrderModel(connection);
    const paymentModel = await createPaymentModel(connection);
    bus = overrides.bus ?? (await connectEventBus(config, QUEUE_GROUP, logger));
    const outbox = new OutboxRelay({
      bus,
      models: [paymentModel as unknown as OutboxModel],
      logger,
      pollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS,
    });
    relay = outbox;
    const payments = new Payments({
      orders,
      payments: paymentModel,
      provider: overrides.provider ?? createPaymentProvider(config, logger),
      logger,
      onEventsRecorded: () => outbox.nudge(),
    });
    await bus.listen(new OrderCreatedListener(orders));
    await bus.listen(new OrderCancelledListener(orders, payments));
    await bus.listen(new OrderCompletedListener(orders));
    outbox.start();
    const connectedBus = bus;
    const app = createPaymentsApp({
      config,
      logger,
      payments,
      readiness: {
        mongo: () => isMongoConnected(connection),
        bus: () => connectedBus.isConnected(),
      },
      isShuttingDown: () => shuttingDown,
    });
    const http = await listen(app, config.PORT);
    logger.info({ port: http.port }, 'payments service listening');
    return {
      port: http.port,
      stop: async () => {
        shuttingDown = true;
        await http.close();
        await closeBus();
        await outbox.stop();
        await connection.close();
      },
    };
  } catch (err) {
    await closeBus();
    await relay?.stop();
    await connection.close();
    throw err;
  }
}
