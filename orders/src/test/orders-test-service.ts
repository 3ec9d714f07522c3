import { Types } from 'mongoose';
import { loadConfig, Subjects, type TicketCreatedData, type UserPayload } from '@ticketing/common';
import {
  InMemoryEventBus,
  serviceUnderTest,
  testServiceEnv,
  testUser,
} from '@ticketing/common/testing';
import type { Order } from '@ticketing/common/api';
import { ordersConfigSchema, type OrdersConfig } from '../config';
import { startOrdersService } from '../start';

export function ordersTestConfig(overrides: Record<string, string> = {}): OrdersConfig {
  return loadConfig(ordersConfigSchema, { ...testServiceEnv('orders'), ...overrides });
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
  return { config, bus, ...serviceUnderTest(service, config.MONGO_URI) };
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

export async function placeOrder(
  service: TestOrdersService,
  user: UserPayload = testUser(),
  ticket?: TicketCreatedData,
): Promise<Order> {
  const ticketId = (ticket ?? (await availableTicket(service))).id;
  const res = await service.as(user).post('/api/orders').send({ ticketId }).expect(201);
  return res.body as Order;
}

/** The events published about one order so far, in order, as [subject, version]. */
export const eventsOf = (bus: InMemoryEventBus, orderId: string) =>
  bus.published.flatMap(({ subject, data }) =>
    'version' in data && data.id === orderId ? [[subject, data.version]] : [],
  );
