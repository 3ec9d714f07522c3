import {
  createServiceApp,
  type Health,
  type Logger,
  type SessionVerifier,
} from '@ticketing/common';
import type { OrdersConfig } from './config';
import type { Orders } from './domain/orders';
import { ordersRouter } from './routes/orders-router';

export interface OrdersAppDeps {
  config: OrdersConfig;
  logger: Logger;
  health: Health;
  sessions: SessionVerifier;
  orders: Orders;
}

export function createOrdersApp({ config, logger, health, sessions, orders }: OrdersAppDeps) {
  return createServiceApp({ config, logger, health, sessions, routes: ordersRouter({ orders }) });
}
