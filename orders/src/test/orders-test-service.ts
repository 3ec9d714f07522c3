import mongoose, { Types } from 'mongoose';
import request from 'supertest';
import { loadConfig, Subjects, type TicketCreatedData, type UserPayload } from '@ticketing/common';
import {
  InMemoryEventBus,
  sessionCookieFor,
  testUser,
  uniqueDatabaseUri,
} from '@ticketing/common/testing';
import { ordersConfigSchema, type OrdersConfig } from '../config';
import { startOrdersService } from '../start';

export const TEST_JWT_KEY = 'test-jwt-key-that-is-at-least-32-characters';

export function ordersTestConfig(overrides: Record<string, string> = {}): OrdersConfig {
  return loadConfig(ordersConfigSchema, {
    NODE_ENV: 'test',
    PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    MONGO_URI: uniqueDatabaseUri('orders'),
    JWT_KEY: TEST_JWT_KEY,
    // Not dialled unless a test starts the service without a bus of its own.
    NATS_URL: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
    OUTBOX_POLL_INTERVAL_MS: '50',
    ...overrides,
  });
}

/**
 * The real orders service (HTTP, database of its own, listeners, outbox relay) on a free port,
 * with an in-memory bus that records what it publishes and delivers events to its listeners.
 */
export async function startTestOrdersService({
  overrides = {},
  bus = new InMemoryEventBus(),
}: { overrides?: Record<string, string>; bus?: InMemoryEventBus } = {}) {
  const config = ordersTestConfig(overrides);
  const service = await startOrdersService(config, { bus });
  const baseUrl = `http://127.0.0.1:${service.port}`;
  /** A fresh client per call; it arrives as HTTPS through the TLS-terminating gateway would. */
  const http = () => request.agent(baseUrl).set('X-Forwarded-Proto', 'https');
  return {
    config,
    bus,
    http,
    /** A client signed in as `user`. */
    as: (user: UserPayload) => http().set('Cookie', sessionCookieFor(user, TEST_JWT_KEY)),
    stop: async () => {
      await service.stop();
      const connection = await mongoose.createConnection(config.MONGO_URI).asPromise();
      await connection.dropDatabase();
      await connection.close();
    },
  };
}

export type TestOrdersService = Awaited<ReturnType<typeof startTestOrdersService>>;

export const newId = () => new Types.ObjectId().toHexString();

let counter = 0;
export function ticketData(overrides: Partial<TicketCreatedData> = {}): TicketCreatedData {
  return {
    id: newId(),
    version: 0,
    title: `Concert ${process.pid}-${Date.now()}-${++counter}`,
    price: 20,
    userId: newId(),
    ...overrides,
  };
}

/** A ticket the tickets service announced, so it can be ordered. */
export async function availableTicket(
  service: TestOrdersService,
  overrides: Partial<TicketCreatedData> = {},
): Promise<TicketCreatedData> {
  const ticket = ticketData(overrides);
  const outcome = await service.bus.deliver(Subjects.TicketCreated, ticket);
  if (outcome.action !== 'ack')
    throw new Error(`ticket.created was not applied: ${outcome.action}`);
  return ticket;
}

export interface OrderJson {
  id: string;
  status: string;
  expiresAt: string;
  userId: string;
  version: number;
  ticket: { id: string; title: string; price: number };
}

export async function placeOrder(
  service: TestOrdersService,
  user: UserPayload = testUser(),
  ticket?: TicketCreatedData,
): Promise<OrderJson> {
  const ticketId = (ticket ?? (await availableTicket(service))).id;
  const res = await service.as(user).post('/api/orders').send({ ticketId }).expect(201);
  return res.body as OrderJson;
}

/** The events published about one order so far, in order, as [subject, version]. */
export const eventsOf = (bus: InMemoryEventBus, orderId: string) =>
  bus.published.flatMap(({ subject, data }) =>
    'version' in data && data.id === orderId ? [[subject, data.version]] : [],
  );
