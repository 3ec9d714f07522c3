import request from 'supertest';
import { loadConfig, type Logger } from '@ticketing/common';
import { InMemoryEventBus, serviceUnderTest, testServiceEnv } from '@ticketing/common/testing';
import { authConfigSchema, type AuthConfig } from '../config';
import { startAuthService } from '../start';

export function authTestConfig(overrides: Record<string, string> = {}): AuthConfig {
  return loadConfig(authConfigSchema, {
    ...testServiceEnv('auth'),
    // The harness's Redis (jest.config.js); a test that stops Redis passes one of its own.
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    AUTH_RATE_LIMIT_MAX: '1000',
    ...overrides,
  });
}

/**
 * The real auth service (HTTP server + a fresh database of its own) on a free port, on an in-memory
 * bus that records what it publishes and delivers what a test gives it.
 */
export async function startTestAuthService(
  overrides: Record<string, string> = {},
  { logger }: { logger?: Logger } = {},
) {
  const config = authTestConfig(overrides);
  const bus = new InMemoryEventBus();
  const service = await startAuthService(config, { bus, logger });
  return { config, bus, ...serviceUnderTest(service, config.MONGO_URI) };
}

export type TestAuthService = Awaited<ReturnType<typeof startTestAuthService>>;

let counter = 0;
export const uniqueEmail = () => `user-${process.pid}-${Date.now()}-${++counter}@example.com`;

/** The `session=…` pair of a response's Set-Cookie, ready to send back as a Cookie header. */
export function sessionCookieOf(res: request.Response): string {
  const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const session = cookies.find((c) => c.startsWith('session='));
  if (!session) throw new Error('no session cookie in the response');
  return session.split(';')[0]!;
}
