import {
  createServiceApp,
  sessionOptionsFrom,
  type Logger,
  type ReadinessChecks,
} from '@ticketing/common';
import type { PaymentsConfig } from './config';
import type { Payments } from './domain/payments';
import { paymentsRouter } from './routes/payments-router';
import { webhookRouter } from './routes/webhook-router';

export interface PaymentsAppDeps {
  config: PaymentsConfig;
  logger: Logger;
  payments: Payments;
  readiness: ReadinessChecks;
  isShuttingDown: () => boolean;
}

export function createPaymentsApp({
  config,
  logger,
  payments,
  readiness,
  isShuttingDown,
}: PaymentsAppDeps) {
  const secret = config.STRIPE_WEBHOOK_SECRET;
  return createServiceApp({
    logger,
    session: sessionOptionsFrom(config),
    trustProxy: config.TRUST_PROXY,
    readiness,
    isShuttingDown,
    routes: paymentsRouter(payments),
    ...(secret && { rawBodyRoutes: webhookRouter({ payments, secret, logger }) }),
  });
}
