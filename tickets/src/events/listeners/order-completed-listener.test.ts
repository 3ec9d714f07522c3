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
  it('when the order holds the ticket, then the ticket is sold at a new version, ticket.updated says so, and it can no longer be edited', async () => {
    const owner = testUser();
    const ticket = await createTicket(tickets, owner);
    const orderId = newOrderId();
    await tickets.bus.deliver(Subjects.OrderCreated, orderCreated(ticket, orderId));
    expect(await publishedUpdate(tickets.bus, ticket.id, 1)).toMatchObject({
      orderId,
      status: 'reserved',
    });
    const before = Date.now();

    const outcome = await tickets.bus.deliver(Subjects.OrderCompleted, orderRef(ticket, orderId));

    expect(outcome).toEqual({ action: 'ack' });
    const sold = await ticketOf(ticket.id);
    expect(sold).toMatchObject({ orderId, status: 'sold', version: 2 });
    expect(Date.parse(sold.soldAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(await publishedUpdate(tickets.bus, ticket.id, 2)).toEqual(sold);
    const edit = await tickets
      .as(owner)
      .put(`/api/tickets/${ticket.id}`)
      .send({ title: uniqueTitle(), price: 1 });
    expect(edit.status).toBe(400);
    expect(edit.body).toEqual({ errors: [{ message: 'Cannot edit a sold ticket' }] });
  });

  it('when it is delivered again, then it is acked as ignored and nothing changes', async () => {
    const ticket = await createTicket(tickets);
    const orderId = newOrderId();
    await tickets.bus.deliver(Subjects.OrderCreated, orderCreated(ticket, orderId));
    await tickets.bus.deliver(Subjects.OrderCompleted, orderRef(ticket, orderId));
    const sold = await ticketOf(ticket.id);

    const again = await tickets.bus.deliver(Subjects.OrderCompleted, orderRef(ticket, orderId));

    expect(again).toEqual({ action: 'ack', ignored: true });
    expect(await ticketOf(ticket.id)).toEqual(sold);
  });

  it('when it arrives before its order.created, then the ticket is sold and ticket.updated is published; the late order.created changes nothing', async () => {
    const ticket = await createTicket(tickets);
    const orderId = newOrderId();

    const completed = await tickets.bus.deliver(Subjects.OrderCompleted, orderRef(ticket, orderId));
    const late = await tickets.bus.deliver(Subjects.OrderCreated, orderCreated(ticket, orderId));

    expect([completed, late]).toEqual([{ action: 'ack' }, { action: 'ack', ignored: true }]);
    expect(await ticketOf(ticket.id)).toMatchObject({ orderId, status: 'sold', version: 1 });
    expect(await publishedUpdate(tickets.bus, ticket.id, 1)).toMatchObject({
      orderId,
      status: 'sold',
      soldAt: expect.any(String),
    });
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

  it('when the ticket is already sold to another order, then it is acked as ignored and stays sold to the first', async () => {
    const ticket = await createTicket(tickets);
    const orderId = newOrderId();
    await tickets.bus.deliver(Subjects.OrderCompleted, orderRef(ticket, orderId));

    const outcome = await tickets.bus.deliver(
      Subjects.OrderCompleted,
      orderRef(ticket, newOrderId()),
    );

    expect(outcome).toEqual({ action: 'ack', ignored: true });
    expect(await ticketOf(ticket.id)).toMatchObject({ orderId, status: 'sold', version: 1 });
  });

  it('when a sold ticket gets a stale cancel of another order, then it stays sold', async () => {
    const ticket = await createTicket(tickets);
    const orderId = newOrderId();
    await tickets.bus.deliver(Subjects.OrderCreated, orderCreated(ticket, orderId));
    await tickets.bus.deliver(Subjects.OrderCompleted, orderRef(ticket, orderId));

    await tickets.bus.deliver(Subjects.OrderCancelled, orderRef(ticket, newOrderId()));

    expect(await ticketOf(ticket.id)).toMatchObject({ orderId, status: 'sold' });
  });

  it('when a sold ticket gets a cancel of the very order it is sold to, then it is acked as ignored and stays sold', async () => {
    const ticket = await createTicket(tickets);
    const orderId = newOrderId();
    await tickets.bus.deliver(Subjects.OrderCompleted, orderRef(ticket, orderId));
    const sold = await ticketOf(ticket.id);

    const outcome = await tickets.bus.deliver(Subjects.OrderCancelled, orderRef(ticket, orderId));

    expect(outcome).toEqual({ action: 'ack', ignored: true });
    expect(await ticketOf(ticket.id)).toEqual(sold);
  });
});
