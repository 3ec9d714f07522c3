import { z } from 'zod';
import { envInt, eventBusConfigShape, serviceConfigShape } from '@ticketing/common';

export const expirationConfigSchema = z.object({
  ...serviceConfigShape,
  ...eventBusConfigShape,
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .describe('Redis holding the delayed expiration jobs; enable persistence (AOF) in production'),
  EXPIRATION_QUEUE: z
    .string()
    .min(1)
    .default('order-expiration')
    .describe('Name of the bull queue; every replica must use the same one'),
  EXPIRATION_PUBLISH_ATTEMPTS: envInt(12, { min: 1 }).describe(
    'Attempts to publish expiration.complete before the job is left in the failed set for an operator',
  ),
  EXPIRATION_RETRY_DELAY_MS: envInt(1_000, { min: 1 }).describe(
    'Delay before the first retry of a failed publish; doubles on each attempt',
  ),
  REDIS_CONNECT_TIMEOUT_MS: envInt(10_000, { min: 100 }).describe(
    'How long the service waits for Redis at start before giving up',
  ),
});

export type ExpirationConfig = z.infer<typeof expirationConfigSchema>;
