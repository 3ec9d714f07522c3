import {
  createLogger,
  startOutboxRuntime,
  type EventBus,
  type Logger,
  type ListeningService,
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
): Promise<ListeningService> {
  const runtime = await startOutboxRuntime({
    config,
    serviceName: QUEUE_GROUP,
    logger,
    bus: overrides.bus,
    models: async (connection) => ({
      orders: createOrderModel(connection),
      payments: await createPaymentModel(connection),
    }),
    publishesFrom: ({ payments }) => [payments],
  });
  try {
    const { orders } = runtime.models;
    const payments = new Payments({
      orders,
      payments: runtime.models.payments,
      provider: overrides.provider ?? createPaymentProvider(config, logger),
      logger,
      onEventsRecorded: (payment) => runtime.relay.nudge(payment),
    });
    await runtime.bus.listen(new OrderCreatedListener(orders));
    await runtime.bus.listen(new OrderCancelledListener(orders, payments));
    await runtime.bus.listen(new OrderCompletedListener(orders));
    const app = createPaymentsApp({
      config,
      logger,
      payments,
      readiness: { mongo: runtime.isMongoConnected, bus: () => runtime.bus.isConnected() },
      isShuttingDown: runtime.isShuttingDown,
    });
    return await runtime.serve(app, config.PORT);
  } catch (err) {
    await runtime.stop();
    throw err;
  }
}
