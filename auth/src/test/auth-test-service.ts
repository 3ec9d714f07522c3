import mongoose from 'mongoose';
import request from 'supertest';
import { loadConfig } from '@ticketing/common';
import { uniqueDatabaseUri } from '@ticketing/common/testing';
import { authConfigSchema, type AuthConfig } from '../config';
import { startAuthService } from '../start';

export const TEST_JWT_KEY = 'test-jwt-key-that-is-at-least-32-characters';

export function authTestConfig(overrides: Record<string, string> = {}): AuthConfig {
  return loadConfig(authConfigSchema, {
    NODE_ENV: 'test',
    PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    MONGO_URI: uniqueDatabaseUri('auth'),
    JWT_KEY: TEST_JWT_KEY,
    AUTH_RATE_LIMIT_MAX: '1000',
    ...overrides,
  });
}

/** The real auth service (HTTP server + a fresh database of its own) on a free port. */
export async function startTestAuthService(overrides: Record<string, string> = {}) {
  const config = authTestConfig(overrides);
  const service = await startAuthService(config);
  const baseUrl = `http://127.0.0.1:${service.port}`;
  return {
    config,
    baseUrl,
    /** A fresh client per call; it arrives as HTTPS through the TLS-terminating gateway would. */
    http: () => request.agent(baseUrl).set('X-Forwarded-Proto', 'https'),
    stop: async () => {
      await service.stop();
      const connection = await mongoose.createConnection(config.MONGO_URI).asPromise();
      await connection.dropDatabase();
      await connection.close();
    },
  };
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
