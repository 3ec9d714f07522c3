import { rateLimit } from 'express-rate-limit';
import {
  createServiceApp,
  sessionCookieOptionsFrom,
  TooManyRequestsError,
  type Health,
  type Logger,
  type SessionVerifier,
} from '@ticketing/common';
import type { AuthConfig } from './config';
import type { Accounts } from './domain/accounts';
import { usersRouter } from './routes/users-router';

export interface AuthAppDeps {
  config: AuthConfig;
  logger: Logger;
  health: Health;
  accounts: Accounts;
  sessions: SessionVerifier;
}

export function createAuthApp({ config, logger, health, accounts, sessions }: AuthAppDeps) {
  const session = { ...sessionCookieOptionsFrom(config), signingKey: config.SESSION_SIGNING_KEY };
  const attemptLimiter = rateLimit({
    windowMs: config.AUTH_RATE_LIMIT_WINDOW_MS,
    limit: config.AUTH_RATE_LIMIT_MAX,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) => next(new TooManyRequestsError()),
  });
  return createServiceApp({
    config,
    logger,
    sessions,
    health,
    routes: usersRouter({ accounts, session, attemptLimiter }),
  });
}
