import mongoose from 'mongoose';
import { Subjects } from '@ticketing/common';
import { testUser } from '@ticketing/common/testing';
import type { TicketCopy } from '../../data/ticket-copy-model';
import {
  placeOrder,
  startTestOrdersService,
  ticketData,
  type TestOrdersService,
} from '../../test/orders-test-service';

let orders: TestOrdersService;
beforeAll(async () => {
  orders = await startTestOrdersService();
});
afterAll(() => orders.stop());

const RETRY = { action: 'retry', delayMs: expect.any(Number) };
const ACK = { action: 'ack' };
const IGNORED_ACK = { action: 'ack', ignored: true };

/** What an order placed now would hold: the catalogue's current copy of the ticket. */
async function orderedCopyOf(ticketId: string) {
  const res = await orders.as(testUser()).post('/api/orders').send({ ticketId });
  return res.status === 201 ? res.body.ticket : res.status;
}

describe('on ticket.created', () => {
  it('when a ticket is created, then it is acked and can be ordered with its title and price', async () => {
    const ticket = ticketData({ price: 12.5 });

    const outcome = await orders.bus.deliver(Subjects.TicketCreated, ticket);

    expect(outcome).toEqual(ACK);
    expect(await orderedCopyOf(ticket.id)).toEqual({
      id: ticket.id,
      title: ticket.title,
      price: 12.5,
    });
  });

  it('when the same ticket.created is delivered again, then it is acked as ignored and changes nothing', async () => {
    const ticket = ticketData();
    await orders.bus.deliver(Subjects.TicketCreated, ticket);
    await orders.bus.deliver(Subjects.TicketUpdated, { ...ticket, price: 30, version: 1 });

    const again = await orders.bus.deliver(Subjects.TicketCreated, ticket, { deliveryCount: 2 });

    expect(again).toEqual(IGNORED_ACK);
    expect((await orderedCopyOf(ticket.id)).price).toBe(30);
  });
});

describe('on ticket.updated', () => {
  it('when a copy kept before sellers were recorded gets its next version, then it learns the seller and the seller cannot order it', async () => {
    const seller = testUser();
    const ticket = ticketData({ userId: seller.id });
    const connection = await mongoose.createConnection(orders.config.MONGO_URI).asPromise();
    try {
      await connection
        .collection<Omit<TicketCopy, 'sellerId'>>('tickets')
        .insertOne({ _id: ticket.id, title: ticket.title, price: ticket.price, version: 0 });
    } finally {
      await connection.close();
    }

    const outcome = await orders.bus.deliver(Subjects.TicketUpdated, { ...ticket, version: 1 });

    expect(outcome).toEqual(ACK);
    const res = await orders.as(seller).post('/api/orders').send({ ticketId: ticket.id });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [{ message: 'You cannot buy your own ticket' }] });
  });

  it('when the next version arrives, then it is applied', async () => {
    const ticket = ticketData();
    await orders.bus.deliver(Subjects.TicketCreated, ticket);

    const outcome = await orders.bus.deliver(Subjects.TicketUpdated, {
      ...ticket,
      title: 'Renamed',
      price: 45,
      version: 1,
    });

    expect(outcome).toEqual(ACK);
    expect(await orderedCopyOf(ticket.id)).toEqual({ id: ticket.id, title: 'Renamed', price: 45 });
  });

  it('when a version arrives before its predecessor, then it is retried until the predecessor is applied, then applied', async () => {
    const ticket = ticketData();
    await orders.bus.deliver(Subjects.TicketCreated, ticket);
    const v1 = { ...ticket, price: 21, version: 1 };
    const v2 = { ...ticket, price: 22, version: 2 };

    const early = await orders.bus.deliver(Subjects.TicketUpdated, v2);
    const predecessor = await orders.bus.deliver(Subjects.TicketUpdated, v1);
    const retried = await orders.bus.deliver(Subjects.TicketUpdated, v2, { deliveryCount: 2 });

    expect([early, predecessor, retried]).toEqual([RETRY, ACK, ACK]);
    expect((await orderedCopyOf(ticket.id)).price).toBe(22);
  });

  it('when an older version arrives after a newer one, then it is acked as ignored', async () => {
    const ticket = ticketData();
    await orders.bus.deliver(Subjects.TicketCreated, ticket);
    await orders.bus.deliver(Subjects.TicketUpdated, { ...ticket, price: 21, version: 1 });
    await orders.bus.deliver(Subjects.TicketUpdated, { ...ticket, price: 22, version: 2 });

    const stale = await orders.bus.deliver(Subjects.TicketUpdated, {
      ...ticket,
      price: 21,
      version: 1,
    });

    expect(stale).toEqual(IGNORED_ACK);
    expect((await orderedCopyOf(ticket.id)).price).toBe(22);
  });

  it('when the ticket has not been seen yet, then it is retried, and applied once ticket.created arrives', async () => {
    const ticket = ticketData();
    const update = { ...ticket, price: 99, version: 1 };

    const early = await orders.bus.deliver(Subjects.TicketUpdated, update);
    expect(await orderedCopyOf(ticket.id)).toBe(404);

    await orders.bus.deliver(Subjects.TicketCreated, ticket);
    const retried = await orders.bus.deliver(Subjects.TicketUpdated, update, { deliveryCount: 2 });

    expect([early, retried]).toEqual([RETRY, ACK]);
    expect((await orderedCopyOf(ticket.id)).price).toBe(99);
  });

  it('when it never becomes applicable, then it is dead-lettered after the maximum deliveries', async () => {
    const orphan = { ...ticketData(), version: 3 };

    const last = await orders.bus.deliver(Subjects.TicketUpdated, orphan, {
      deliveryCount: orders.bus.policy.maxDeliveries,
    });

    expect(last).toEqual({ action: 'dead-letter', reason: expect.any(String) });
  });

  it('when the ticket changes after it was ordered, then the order keeps the title and price it was placed at', async () => {
    const user = testUser();
    const ticket = ticketData({ price: 10 });
    await orders.bus.deliver(Subjects.TicketCreated, ticket);
    const order = await placeOrder(orders, user, ticket);

    await orders.bus.deliver(Subjects.TicketUpdated, {
      ...ticket,
      title: 'Edited before the reservation reached tickets',
      price: 15,
      version: 1,
    });

    const res = await orders.as(user).get(`/api/orders/${order.id}`);
    expect(res.body.ticket).toEqual({ id: ticket.id, title: ticket.title, price: 10 });
  });
});
