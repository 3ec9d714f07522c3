import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import { rateLimit, type Options } from 'express-rate-limit';
import { TooManyRequestsError } from '@ticketing/common';
import type { AuthConfig } from '../config';
import type { SharedCounters } from './shared-counters';

export const SIGN_IN_PATH = '/api/users/signin';

export interface AttemptLimits {
  /** Sign-ups and failed sign-ins per client address (`req.ip`, as the trusted proxies tell it). */
  perAddress: RequestHandler;
  /** Failed sign-ins per account, from any address; mounted after validation has normalised the email. */
  perAccount: RequestHandler;
}

export function attemptLimits(
  config: Pick<
    AuthConfig,
    'AUTH_RATE_LIMIT_WINDOW_MS' | 'AUTH_RATE_LIMIT_MAX' | 'AUTH_ACCOUNT_RATE_LIMIT_MAX'
  >,
  counters: SharedCounters,
): AttemptLimits {
  const common: Partial<Options> = {
    windowMs: config.AUTH_RATE_LIMIT_WINDOW_MS,
    // RateLimit and RateLimit-Policy on every answer; Retry-After (seconds) on a 429.
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    passOnStoreError: true,
    logger: counters.rateLimitLogger,
    skipSuccessfulRequests: true,
    handler: (_req, _res, next) => next(new TooManyRequestsError()),
  };
  return {
    perAddress: rateLimit({
      ...common,
      identifier: 'address',
      limit: config.AUTH_RATE_LIMIT_MAX,
      store: counters.store('auth:attempts:address:'),
      // A successful sign-in costs nothing, so people behind one address (an office, a carrier's
      // NAT) are not locked out by each other's sign-ins; every sign-up counts.
      requestWasSuccessful: (req, res) => req.path === SIGN_IN_PATH && res.statusCode < 400,
    }),
    perAccount: rateLimit({
      ...common,
      identifier: 'account',
      limit: config.AUTH_ACCOUNT_RATE_LIMIT_MAX,
      store: counters.store('auth:attempts:account:'),
      // Hashed, so the counters hold no email addresses.
      keyGenerator: (req) => createHash('sha256').update(String(req.body.email)).digest('hex'),
    }),
  };
}
