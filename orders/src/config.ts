import { z } from 'zod';
import { envInt, keySetting, outboxServiceConfigShape } from '@ticketing/common';
import { parseETicketKey, parseETicketKeys } from './domain/e-tickets';

export const ordersConfigSchema = z.object({
  ...outboxServiceConfigShape,
  EXPIRATION_WINDOW_SECONDS: envInt(15 * 60, { min: 1 }).describe(
    'How long a new order holds its ticket waiting for payment',
  ),
  ETICKET_SIGNING_KEY: keySetting(parseETicketKey).describe(
    'Secret key (base64, at least 32 random bytes) that signs the e-ticket codes of complete orders; orders alone has it',
  ),
  ETICKET_PREVIOUS_KEYS: keySetting(parseETicketKeys)
    .optional()
    .describe(
      'During a key rotation: former ETICKET_SIGNING_KEYs, comma-separated, whose codes still verify',
    ),
});

export type OrdersConfig = z.infer<typeof ordersConfigSchema>;
