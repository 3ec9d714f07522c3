import { randomUUID } from 'node:crypto';
import Queue from 'bull';
import request from 'supertest';
import {
  createLogger,
  loadConfig,
  OrderStatus,
  Subjects,
  type OrderCreatedData,
} from '@ticketing/common';
import { InMemoryEventBus } from '@ticketing/common/testing';
import { expirationConfigSchema, type ExpirationConfig } from '../config';
import { startExpirationService } from '../start';

/** Generous for a shared two-core machine; jobs typically start within 10 ms of their due time. */
export const MAX_LATENESS_MS = 1_000;

export const testLogger = createLogger('expiration-test', process.env.TEST_LOG_LEVEL ?? 'silent');

/** A queue of its own per service under test, so tests sharing the Redis server never see each other's jobs. */
export const uniqueQueueName = () => `expiration-test-${randomUUID()}`;

export function expirationTestConfig(overrides: Record<string, string> = {}): ExpirationConfig {
  return loadConfig(expirationConfigSchema, {
    NODE_ENV: 'test',
    PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    REDIS_URL: requiredEnv('REDIS_URL'),
    NATS_URL: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
    EXPIRATION_QUEUE: uniqueQueueName(),
    EXPIRATION_RETRY_DELAY_MS: '50',
    ...overrides,
  });
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the suite through jest with the harness`);
  return value;
}

export interface TestExpirationServiceOptions {
  env?: Record<string, string>;
  /** The bus to deliver order events on and record publishes (default: a fresh in-memory bus). */
  bus?: InMemoryEventBus;
}

/** The real expiration service (real Redis, in-memory bus) on a free port. */
export async function startTestExpirationService({
  env = {},
  bus = new InMemoryEventBus(),
}: TestExpirationServiceOptions = {}) {
  const config = expirationTestConfig(env);
  const service = await startExpirationService(config, { logger: testLogger, bus });
  // Looks at the jobs in Redis the way another replica would, without running any.
  const inspector = new Queue<{ orderId: string }>(config.EXPIRATION_QUEUE, config.REDIS_URL);
  return {
    config,
    bus,
    http: () => request(`http://127.0.0.1:${service.port}`),
    /** The order's job in Redis, or null. */
    jobOf: (orderId: string) => inspector.getJob(orderId),
    /** Stops this instance only: its jobs stay in Redis for the next one. */
    stop: async () => {
      await service.stop();
      await inspector.close();
    },
  };
}

export type TestExpirationService = Awaited<ReturnType<typeof startTestExpirationService>>;

export function orderCreated(expiresInMs: number): OrderCreatedData {
  return {
    id: `order-${randomUUID()}`,
    version: 0,
    status: OrderStatus.Created,
    userId: `user-${randomUUID()}`,
    expiresAt: new Date(Date.now() + expiresInMs).toISOString(),
    ticket: { id: `ticket-${randomUUID()}`, price: 20 },
  };
}

/** When the expiration of an order was published, in ms since the epoch; undefined if it was not (yet). */
export function expiredAt(bus: InMemoryEventBus, orderId: string): number | undefined {
  const event = bus.published.find(
    (e) =>
      e.subject === Subjects.ExpirationComplete &&
      (e.data as { orderId: string }).orderId === orderId,
  );
  return event && Date.parse(event.occurredAt);
}

export const expirationsOf = (bus: InMemoryEventBus, orderId: string) =>
  bus.dataOf(Subjects.ExpirationComplete).filter((d) => d.orderId === orderId);
