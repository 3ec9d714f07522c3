import { z } from 'zod';
import {
  envInt,
  mongoConfigShape,
  serviceConfigShape,
  sessionConfigShape,
} from '@ticketing/common';

export const authConfigSchema = z.object({
  ...serviceConfigShape,
  ...sessionConfigShape,
  ...mongoConfigShape,
  AUTH_RATE_LIMIT_WINDOW_MS: envInt(15 * 60_000, { min: 1 }).describe(
    'Window of the per-client limit on sign-in and sign-up attempts',
  ),
  AUTH_RATE_LIMIT_MAX: envInt(20, { min: 1 }).describe(
    'Sign-in plus sign-up attempts per client per window',
  ),
});

export type AuthConfig = z.infer<typeof authConfigSchema>;
