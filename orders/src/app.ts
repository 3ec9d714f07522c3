import {
  createServiceApp,
  sessionOptionsFrom,
  type Logger,
  type ReadinessChecks,
} from '@ticketing/common';
import type { OrdersConfig } from './config';
import type { Orders } from './domain/orders';
import { ordersRouter } from './routes/orders-router';

export interface OrdersAppDeps {
  config: OrdersConfig;
  logger: Logger;
  orders: Orders;
  readiness: ReadinessChecks;
  isShuttingDown: () => boolean;
}

export function createOrdersApp({
  config,
  logger,
  orders,
  readiness,
  isShuttingDown,
}: OrdersAppDeps) {
  return createServiceApp({
    logger,
    session: sessionOptionsFrom(config),
    trustProxy: config.TRUST_PROXY,
    readiness,
    isShuttingDown,
    routes: ordersRouter({ orders }),
  });
}
