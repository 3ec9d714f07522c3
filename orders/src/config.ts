import { z } from 'zod';
import { envInt, outboxServiceConfigShape } from '@ticketing/common';

export const ordersConfigSchema = z.object({
  ...outboxServiceConfigShape,
  EXPIRATION_WINDOW_SECONDS: envInt(15 * 60, { min: 1 }).describe(
    'How long a new order holds its ticket waiting for payment',
  ),
});

export type OrdersConfig = z.infer<typeof ordersConfigSchema>;
