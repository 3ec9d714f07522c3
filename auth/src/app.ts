import { rateLimit } from 'express-rate-limit';
import {
  createServiceApp,
  sessionOptionsFrom,
  TooManyRequestsError,
  type Health,
  type Logger,
} from '@ticketing/common';
import type { AuthConfig } from './config';
import { Accounts } from './domain/accounts';
import type { UserModel } from './data/user-model';
import { usersRouter } from './routes/users-router';

export interface AuthAppDeps {
  config: AuthConfig;
  logger: Logger;
  health: Health;
  users: UserModel;
}

export function createAuthApp({ config, logger, health, users }: AuthAppDeps) {
  const session = sessionOptionsFrom(config);
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
    health,
    routes: usersRouter({ accounts: new Accounts(users), session, attemptLimiter }),
  });
}
