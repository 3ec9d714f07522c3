import { createServiceApp, type Logger, type ReadinessChecks } from '@ticketing/common';
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
    session: {
      jwtKey: config.JWT_KEY,
      ttlSeconds: config.SESSION_TTL_SECONDS,
      secureCookie: config.COOKIE_SECURE,
    },
    trustProxy: config.TRUST_PROXY,
    readiness,
    isShuttingDown,
    routes: ordersRouter({ orders }),
  });
}
