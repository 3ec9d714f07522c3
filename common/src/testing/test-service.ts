import type { Agent } from 'supertest';
import type { UserPayload } from '../http/session';
import type { OutboxService } from '../lifecycle/outbox-runtime';
import type { ListeningService } from '../lifecycle/run-service';
import { dropDatabase, uniqueDatabaseUri } from './database';
import { sessionCookieFor, TEST_SESSION_KEYS } from './session';

/**
 * The environment a service's test config starts from: port 0, a database of its own, the test
 * session keys, a fast outbox poll. A service's schema ignores the variables it does not read.
 */
export function testServiceEnv(databasePrefix: string): Record<string, string> {
  return {
    NODE_ENV: 'test',
    PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    MONGO_URI: uniqueDatabaseUri(databasePrefix),
    ...TEST_SESSION_KEYS,
    // Not dialled when the test gives the service an in-memory bus.
    NATS_URL: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
    OUTBOX_POLL_INTERVAL_MS: '50',
  };
}

/**
 * How a test talks to a service it started on port 0 with a database of its own (`databaseUri`):
 * a fresh client per call that arrives as HTTPS through the TLS-terminating gateway would (or the
 * Secure session cookie is not set), one signed in as a user, and a stop that drops the database
 * unless it is kept for a restart.
 */
export function serviceUnderTest(
  service: ListeningService & Partial<Pick<OutboxService, 'flushEvents'>>,
  databaseUri: string,
) {
  const baseUrl = `http://127.0.0.1:${service.port}`;
  const http = (): Agent => supertest().agent(baseUrl).set('X-Forwarded-Proto', 'https');
  return {
    baseUrl,
    http,
    /** A client signed in as `user`. */
    as: (user: UserPayload): Agent => http().set('Cookie', sessionCookieFor(user)),
    /**
     * Resolves once every event the service has recorded so far is published and no publish is under
     * way, so a count of published events is final ("published once" cannot race a late duplicate).
     */
    eventsPublished: async () => {
      if (!service.flushEvents)
        throw new Error('this service publishes no events through an outbox');
      await service.flushEvents();
    },
    stop: async ({ keepDatabase = false } = {}) => {
      await service.stop();
      if (!keepDatabase) await dropDatabase(databaseUri);
    },
  };
}

function supertest(): typeof import('supertest') {
  // Required when used: supertest is an optional peer dependency, and this module is also loaded
  // by tools that only launch servers.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('supertest') as typeof import('supertest');
}
