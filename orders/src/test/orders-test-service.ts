import { randomBytes } from 'node:crypto';
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

/** A new e-ticket signing key, as ETICKET_SIGNING_KEY takes it. */
export const newETicketKey = () => randomBytes(32).toString('base64url');

/** The key the test services sign e-tickets with, so a test can sign codes (and forge others). */
export const TEST_ETICKET_KEY = newETicketKey();

export function ordersTestConfig(overrides: Record<string, string> = {}): OrdersConfig {
  return loadConfig(ordersConfigSchema, {
    ...testServiceEnv('orders'),
    ETICKET_SIGNING_KEY: TEST_ETICKET_KEY,
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

/**
 * An order its buyer has paid, as payments announces it, with the seller of its ticket; `order` is
 * what the buyer then sees of it (with its e-ticket code).
 */
export async function paidOrder(service: TestOrdersService) {
  const seller = testUser();
  const buyer = testUser();
  const ticket = await availableTicket(service, { userId: seller.id });
  const placed = await placeOrder(service, buyer, ticket);
  const outcome = await service.bus.deliver(Subjects.PaymentCreated, {
    id: newId(),
    orderId: placed.id,
    stripeId: `pi_${placed.id}`,
    paidAt: new Date().toISOString(),
    amount: Math.round(ticket.price * 100),
    currency: 'usd',
    cardBrand: 'visa',
    cardLast4: '4242',
  });
  if (outcome.action !== 'ack')
    throw new Error(`payment.created was not applied: ${outcome.action}`);
  const order = (await service.as(buyer).get(`/api/orders/${placed.id}`).expect(200)).body as Order;
  return { seller, buyer, ticket, order };
}
