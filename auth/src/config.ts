import { z } from 'zod';
import {
  envInt,
  eventBusConfigShape,
  mongoConfigShape,
  outboxConfigShape,
  serviceConfigShape,
  sessionConfigShape,
  sessionSigningConfigShape,
} from '@ticketing/common';

export const authConfigSchema = z
  .object({
    ...serviceConfigShape,
    ...sessionConfigShape,
    ...sessionSigningConfigShape,
    ...mongoConfigShape,
    ...eventBusConfigShape,
    ...outboxConfigShape,
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
      .describe(
        'Redis holding the attempt counters every replica shares; sign-in works without it',
      ),
    AUTH_RATE_LIMIT_WINDOW_MS: envInt(15 * 60_000, { min: 1 }).describe(
      'Window of the limits on sign-in and sign-up attempts, per address and per account',
    ),
    AUTH_RATE_LIMIT_MAX: envInt(20, { min: 1 }).describe(
      'Sign-ups plus failed sign-ins per client address per window',
    ),
    AUTH_ACCOUNT_RATE_LIMIT_MAX: envInt(10, { min: 1 }).describe(
      'Failed sign-ins per account (email) per window, from any number of addresses',
    ),
  })
  .refine((config) => config.SESSION_PUBLIC_KEYS.has(config.SESSION_SIGNING_KEY.kid), {
    // Else no service, auth included, would accept the sessions auth starts.
    path: ['SESSION_PUBLIC_KEYS'],
    message: 'does not hold the public part of SESSION_SIGNING_KEY',
  });

export type AuthConfig = z.infer<typeof authConfigSchema>;
