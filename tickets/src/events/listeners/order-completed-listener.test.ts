import { Subjects } from '@ticketing/common';
import { testUser } from '@ticketing/common/testing';
import {
  createTicket,
  newOrderId,
  orderCreated,
  orderRef,
  publishedUpdate,
  startTestTicketsService,
  uniqueTitle,
  updatesOf,
  type TestTicketsService,
} from '../../test/tickets-test-service';

let tickets: TestTicketsService;
beforeAll(async () => {
  tickets = await startTestTicketsService();
});
afterAll(() => tickets.stop());

const ticketOf = async (id: string) => (await tickets.http().get(`/api/tickets/${id}`)).body;

describe('on order.completed', () => {
  it('when the order holds the ticket, then it is acked as ignored, the ticket stays off sale and nothing is published', async () => {
    const owner = testUser();
    const ticket = await createTicket(tickets, owner);
    const orderId = newOrderId();
    await tickets.bus.deliver(Subjects.OrderCreated, orderCreated(ticket, orderId));
    await publishedUpdate(tickets.bus, ticket.id, 1);

    const outcome = await tickets.bus.deliver(Subjects.OrderCompleted, orderRef(ticket, orderId));

    expect(outcome).toEqual({ action: 'ack', ignored: true });
    expect(await ticketOf(ticket.id)).toMatchObject({ orderId, version: 1 });
    expect(updatesOf(tickets.bus, ticket.id)).toHaveLength(1);
    const edit = await tickets
      .as(owner)
      .put(`/api/tickets/${ticket.id}`)
      .send({ title: uniqueTitle(), price: 1 });
    expect(edit.status).toBe(400);
  });

  it('when it arrives before its order.created, then the ticket is taken off sale and ticket.updated is published; the late order.created changes nothing', async () => {
    const ticket = await createTicket(tickets);
    const orderId = newOrderId();

    const completed = await tickets.bus.deliver(Subjects.OrderCompleted, orderRef(ticket, orderId));
    const late = await tickets.bus.deliver(Subjects.OrderCreated, orderCreated(ticket, orderId));

    expect([completed, late]).toEqual([{ action: 'ack' }, { action: 'ack', ignored: true }]);
    expect(await ticketOf(ticket.id)).toMatchObject({ orderId, version: 1 });
    expect(await publishedUpdate(tickets.bus, ticket.id, 1)).toMatchObject({ orderId });
    expect(updatesOf(tickets.bus, ticket.id)).toHaveLength(1);
  });

  it('when another order still holds the ticket, then the event is retried later', async () => {
    const ticket = await createTicket(tickets);
    await tickets.bus.deliver(Subjects.OrderCreated, orderCreated(ticket));

    const outcome = await tickets.bus.deliver(
      Subjects.OrderCompleted,
      orderRef(ticket, newOrderId()),
    );

    expect(outcome).toEqual({ action: 'retry', delayMs: expect.any(Number) });
  });

  it('when a sold ticket gets a stale cancel of its order, then it stays sold', async () => {
    const ticket = await createTicket(tickets);
    const orderId = newOrderId();
    const other = newOrderId();
    await tickets.bus.deliver(Subjects.OrderCreated, orderCreated(ticket, orderId));
    await tickets.bus.deliver(Subjects.OrderCompleted, orderRef(ticket, orderId));

    await tickets.bus.deliver(Subjects.OrderCancelled, orderRef(ticket, other));

    expect((await ticketOf(ticket.id)).orderId).toBe(orderId);
  });
});
