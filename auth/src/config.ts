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
    AUTH_RATE_LIMIT_WINDOW_MS: envInt(15 * 60_000, { min: 1 }).describe(
      'Window of the per-client limit on sign-in and sign-up attempts',
    ),
    AUTH_RATE_LIMIT_MAX: envInt(20, { min: 1 }).describe(
      'Sign-in plus sign-up attempts per client per window',
    ),
  })
  .refine((config) => config.SESSION_PUBLIC_KEYS.has(config.SESSION_SIGNING_KEY.kid), {
    // Else no service, auth included, would accept the sessions auth starts.
    path: ['SESSION_PUBLIC_KEYS'],
    message: 'does not hold the public part of SESSION_SIGNING_KEY',
  });

export type AuthConfig = z.infer<typeof authConfigSchema>;
