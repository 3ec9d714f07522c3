import { z } from 'zod';
import {
  eventBusConfigShape,
  mongoConfigShape,
  outboxConfigShape,
  serviceConfigShape,
  sessionConfigShape,
} from '@ticketing/common';

export const ticketsConfigSchema = z.object({
  ...serviceConfigShape,
  ...sessionConfigShape,
  ...mongoConfigShape,
  ...eventBusConfigShape,
  ...outboxConfigShape,
});

export type TicketsConfig = z.infer<typeof ticketsConfigSchema>;
