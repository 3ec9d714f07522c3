import { Subjects } from '@ticketing/common';
import {
  createTicket,
  newOrderId,
  orderCreated,
  orderRef,
  publishedUpdate,
  startTestTicketsService,
  updatesOf,
  type TestTicketsService,
} from '../../test/tickets-test-service';

let tickets: TestTicketsService;
beforeAll(async () => {
  tickets = await startTestTicketsService();
});
afterAll(() => tickets.stop());

const ticketOf = async (id: string) => (await tickets.http().get(`/api/tickets/${id}`)).body;

describe('on order.created', () => {
  it('when the ticket is on sale, then it is reserved for the order until its expiry, acked, and ticket.updated is published with the next version', async () => {
    const ticket = await createTicket(tickets);
    const orderId = newOrderId();
    const event = orderCreated(ticket, orderId);

    const outcome = await tickets.bus.deliver(Subjects.OrderCreated, event);

    expect(outcome).toEqual({ action: 'ack' });
    const reserved = { ...ticket, orderId, status: 'reserved', version: 1 };
    // Anyone may learn when the reservation runs out; the event does not carry it.
    expect(await ticketOf(ticket.id)).toEqual({ ...reserved, reservedUntil: event.expiresAt });
    expect(await publishedUpdate(tickets.bus, ticket.id, 1)).toEqual(reserved);
  });

  it('when the same event is delivered again, then it is acked as ignored, with no second effect', async () => {
    const ticket = await createTicket(tickets);
    const event = orderCreated(ticket);
    await tickets.bus.deliver(Subjects.OrderCreated, event);
    await publishedUpdate(tickets.bus, ticket.id, 1);

    const outcome = await tickets.bus.deliver(Subjects.OrderCreated, event, { deliveryCount: 2 });

    expect(outcome).toEqual({ action: 'ack', ignored: true });
    expect((await ticketOf(ticket.id)).version).toBe(1);
    expect(updatesOf(tickets.bus, ticket.id)).toHaveLength(1);
  });

  it('when another order still holds the ticket, then the event is retried later and the holder keeps it', async () => {
    const ticket = await createTicket(tickets);
    const holder = newOrderId();
    await tickets.bus.deliver(Subjects.OrderCreated, orderCreated(ticket, holder));

    const outcome = await tickets.bus.deliver(Subjects.OrderCreated, orderCreated(ticket));

    expect(outcome).toEqual({ action: 'retry', delayMs: expect.any(Number) });
    expect(await ticketOf(ticket.id)).toMatchObject({ orderId: holder, version: 1 });
  });

  it('when the holder is cancelled meanwhile, then the retried event reserves the ticket for the new order', async () => {
    const ticket = await createTicket(tickets);
    const holder = newOrderId();
    const next = orderCreated(ticket);
    await tickets.bus.deliver(Subjects.OrderCreated, orderCreated(ticket, holder));
    await tickets.bus.deliver(Subjects.OrderCreated, next);

    await tickets.bus.deliver(Subjects.OrderCancelled, orderRef(ticket, holder));
    const retried = await tickets.bus.deliver(Subjects.OrderCreated, next, { deliveryCount: 2 });

    expect(retried).toEqual({ action: 'ack' });
    expect(await ticketOf(ticket.id)).toMatchObject({ orderId: next.id, version: 3 });
  });

  it('when it arrives after the same order was cancelled, then it is acked as ignored and does not reserve the ticket', async () => {
    const ticket = await createTicket(tickets);
    const orderId = newOrderId();
    await tickets.bus.deliver(Subjects.OrderCancelled, orderRef(ticket, orderId));

    const late = await tickets.bus.deliver(Subjects.OrderCreated, orderCreated(ticket, orderId));

    expect(late).toEqual({ action: 'ack', ignored: true });
    expect(await ticketOf(ticket.id)).not.toHaveProperty('orderId');
  });

  it('when it is redelivered after its order was released, then the ticket stays on sale', async () => {
    const ticket = await createTicket(tickets);
    const event = orderCreated(ticket);
    await tickets.bus.deliver(Subjects.OrderCreated, event);
    await tickets.bus.deliver(Subjects.OrderCancelled, orderRef(ticket, event.id));

    const redelivered = await tickets.bus.deliver(Subjects.OrderCreated, event, {
      deliveryCount: 3,
    });

    expect(redelivered).toEqual({ action: 'ack', ignored: true });
    expect(await ticketOf(ticket.id)).toEqual({ ...ticket, version: 2 });
  });

  it('when the ticket is unknown, then the event is acked as ignored and nothing is published about it', async () => {
    const unknownId = newOrderId();
    const unknown = { id: unknownId, title: 'Unknown', price: 1, userId: 'u', version: 0 };

    const outcome = await tickets.bus.deliver(Subjects.OrderCreated, orderCreated(unknown));

    expect(outcome).toEqual({ action: 'ack', ignored: true });
    expect(updatesOf(tickets.bus, unknownId)).toEqual([]);
  });
});
