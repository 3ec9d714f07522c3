import {
  createLogger,
  honourSessionRevocations,
  startOutboxService,
  type OutboxService,
  type ServiceDependencies,
  type StartService,
} from '@ticketing/common';
import { createPaymentsApp } from './app';
import type { PaymentsConfig } from './config';
import { createOrderModel } from './data/order-model';
import { createChargeClaimModel } from './data/charge-claim-model';
import { createDeclinedAttemptModel } from './data/declined-attempt-model';
import { createPaymentAttemptModel } from './data/payment-attempt-model';
import { createPaymentModel } from './data/payment-model';
import { createRefundModel } from './data/refund-model';
import { ChargeClaims } from './domain/charge-claims';
import { DeclineLimits } from './domain/decline-limits';
import type { PaymentProvider } from './domain/payment-provider';
import { Payments } from './domain/payments';
import { OrderCancelledListener } from './events/listeners/order-cancelled-listener';
import { OrderCompletedListener } from './events/listeners/order-completed-listener';
import { OrderCreatedListener } from './events/listeners/order-created-listener';
import { createPaymentProvider } from './providers/create-provider';
import { SERVICE_NAME } from './service-name';

export interface PaymentsDependencies extends ServiceDependencies {
  /** Used instead of the provider the config names (tests). */
  provider?: PaymentProvider;
}

/**
 * Connects the database and the bus, keeps the order copies from order events, publishes recorded
 * events through the outbox, then serves HTTP; `stop()` undoes it in reverse.
 */
export const startPaymentsService: StartService<
  PaymentsConfig,
  PaymentsDependencies,
  OutboxService
> = (config, { logger = createLogger(SERVICE_NAME, config.LOG_LEVEL), bus, provider } = {}) =>
  startOutboxService({
    config,
    serviceName: SERVICE_NAME,
    logger,
    bus,
    port: config.PORT,
    models: async (connection) => ({
      orders: createOrderModel(connection),
      payments: await createPaymentModel(connection),
      attempts: await createPaymentAttemptModel(connection),
      refunds: await createRefundModel(connection),
      claims: createChargeClaimModel(connection),
      declines: await createDeclinedAttemptModel(connection, logger),
    }),
    publishesFrom: ({ payments }) => [payments],
    wire: async (runtime) => {
      const sessions = await honourSessionRevocations({ ...runtime, config });
      const { orders, attempts, refunds, claims, declines } = runtime.models;
      const payments = new Payments({
        orders,
        payments: runtime.models.payments,
        attempts,
        refunds,
        claims: new ChargeClaims(claims),
        declineLimits: new DeclineLimits(declines, {
          perOrder: {
            max: config.PAYMENT_DECLINES_PER_ORDER,
            windowSeconds: config.PAYMENT_DECLINES_ORDER_WINDOW_SECONDS,
          },
          perUser: {
            max: config.PAYMENT_DECLINES_PER_USER,
            windowSeconds: config.PAYMENT_DECLINES_USER_WINDOW_SECONDS,
          },
        }),
        provider: provider ?? createPaymentProvider(config, logger),
        logger,
        eventsRecorded: runtime.eventsRecorded,
      });
      await runtime.bus.listen(new OrderCreatedListener(orders));
      await runtime.bus.listen(new OrderCancelledListener(orders, payments));
      await runtime.bus.listen(new OrderCompletedListener(orders));
      return (health) => createPaymentsApp({ config, logger, health, sessions, payments });
    },
  });
