import { createServiceApp, type Health, type Logger } from '@ticketing/common';
import type { OrdersConfig } from './config';
import type { Orders } from './domain/orders';
import { ordersRouter } from './routes/orders-router';

export interface OrdersAppDeps {
  config: OrdersConfig;
  logger: Logger;
  health: Health;
  orders: Orders;
}

export function createOrdersApp({ config, logger, health, orders }: OrdersAppDeps) {
  return createServiceApp({ config, logger, health, routes: ordersRouter({ orders }) });
}
