import {
  createServiceApp,
  sessionCookieOptionsFrom,
  type Health,
  type Logger,
  type SessionVerifier,
} from '@ticketing/common';
import type { AuthConfig } from './config';
import type { Accounts } from './domain/accounts';
import { attemptLimits } from './rate-limit/attempt-limits';
import type { SharedCounters } from './rate-limit/shared-counters';
import { usersRouter } from './routes/users-router';

export interface AuthAppDeps {
  config: AuthConfig;
  logger: Logger;
  health: Health;
  accounts: Accounts;
  sessions: SessionVerifier;
  counters: SharedCounters;
}

export function createAuthApp({
  config,
  logger,
  health,
  accounts,
  sessions,
  counters,
}: AuthAppDeps) {
  return createServiceApp({
    config,
    logger,
    health,
    sessions,
    routes: usersRouter({
      accounts,
      session: { ...sessionCookieOptionsFrom(config), signingKey: config.SESSION_SIGNING_KEY },
      limits: attemptLimits(config, counters),
    }),
  });
}
