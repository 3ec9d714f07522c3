import { Types } from 'mongoose';
import {
  loadConfig,
  OrderStatus,
  Subjects,
  type OrderCreatedData,
  type UserPayload,
} from '@ticketing/common';
import {
  InMemoryEventBus,
  serviceUnderTest,
  testServiceEnv,
  testUser,
  waitFor,
} from '@ticketing/common/testing';
import type { Ticket } from '@ticketing/common/api';
import { ticketsConfigSchema, type TicketsConfig } from '../config';
import { startTicketsService } from '../start';

export function ticketsTestConfig(overrides: Record<string, string> = {}): TicketsConfig {
  return loadConfig(ticketsConfigSchema, { ...testServiceEnv('tickets'), ...overrides });
}

/**
 * The real tickets service (HTTP, database of its own, listeners, outbox relay) on a free port,
 * with an in-memory bus that records what it publishes and delivers events to its listeners.
 */
export async function startTestTicketsService({
  overrides = {},
  bus = new InMemoryEventBus(),
}: { overrides?: Record<string, string>; bus?: InMemoryEventBus } = {}) {
  const config = ticketsTestConfig(overrides);
  const service = await startTicketsService(config, { bus });
  return { config, bus, ...serviceUnderTest(service, config.MONGO_URI) };
}

export type TestTicketsService = Awaited<ReturnType<typeof startTestTicketsService>>;

let counter = 0;
export const uniqueTitle = () => `Concert ${process.pid}-${Date.now()}-${++counter}`;

/** An event date `days` from now (a week by default), as the API takes it. */
export const inDays = (days = 7) => new Date(Date.now() + days * 86_400_000).toISOString();

export async function createTicket(
  service: TestTicketsService,
  owner: UserPayload = testUser(),
  fields: Partial<Omit<Ticket, 'id' | 'userId' | 'version'>> = {},
): Promise<Ticket> {
  const res = await service
    .as(owner)
    .post('/api/tickets')
    .send({ title: uniqueTitle(), price: 20, ...fields })
    .expect(201);
  return res.body as Ticket;
}

export const newOrderId = () => new Types.ObjectId().toHexString();

export function orderCreated(ticket: Ticket, orderId = newOrderId()): OrderCreatedData {
  return {
    id: orderId,
    version: 0,
    status: OrderStatus.Created,
    userId: testUser().id,
    expiresAt: new Date(Date.now() + 15 * 60_000).toISOString(),
    ticket: { id: ticket.id, price: ticket.price },
  };
}

export const orderRef = (ticket: Ticket, orderId: string, version = 1) => ({
  id: orderId,
  version,
  ticket: { id: ticket.id },
});

/** The ticket.updated events of one ticket published so far, in order. */
export const updatesOf = (bus: InMemoryEventBus, ticketId: string) =>
  bus.dataOf(Subjects.TicketUpdated).filter((d) => d.id === ticketId);

/** Waits until the ticket's ticket.updated of `version` has left the outbox, and returns it. */
export const publishedUpdate = (bus: InMemoryEventBus, ticketId: string, version: number) =>
  waitFor(() => updatesOf(bus, ticketId).find((d) => d.version === version), {
    what: `ticket.updated v${version} of ${ticketId}`,
  });
