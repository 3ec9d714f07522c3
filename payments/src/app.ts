import {
  createServiceApp,
  type Health,
  type Logger,
  type SessionVerifier,
} from '@ticketing/common';
import type { PaymentsConfig } from './config';
import type { Payments } from './domain/payments';
import { paymentsRouter } from './routes/payments-router';
import { webhookRouter } from './routes/webhook-router';

export interface PaymentsAppDeps {
  config: PaymentsConfig;
  logger: Logger;
  health: Health;
  sessions: SessionVerifier;
  payments: Payments;
}

export function createPaymentsApp({ config, logger, health, sessions, payments }: PaymentsAppDeps) {
  const secret = config.STRIPE_WEBHOOK_SECRET;
  return createServiceApp({
    config,
    logger,
    health,
    sessions,
    routes: paymentsRouter(payments),
    ...(secret && { rawBodyRoutes: webhookRouter({ payments, secret, logger }) }),
  });
}
