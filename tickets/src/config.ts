import { z } from 'zod';
import { outboxServiceConfigShape } from '@ticketing/common';

export const ticketsConfigSchema = z.object({
  ...outboxServiceConfigShape,
});

export type TicketsConfig = z.infer<typeof ticketsConfigSchema>;
