import mongoose from 'mongoose';
import request from 'supertest';
import {
  createEnvelope,
  Subjects,
  type EventBus,
  type ListeningService,
  type UserPayload,
} from '@ticketing/common';
import {
  connectTestBus,
  dropDatabase,
  sessionCookieFor,
  TEST_SESSION_KEYS,
  testUser,
  waitFor,
  uniqueDatabaseUri,
} from '@ticketing/common/testing';
import { startOrdersService } from './start';
import { startTicketsProcess, type TicketsProcess } from './test/tickets-process';
import { ordersTestConfig } from './test/orders-test-service';

// Both services, each with its own database, exchanging events over the real JetStream server the
// harness started. Retries are quick so an out-of-order event is not waited on for long.
const busEnv = {
  NATS_URL: process.env.NATS_URL!,
  EVENT_RETRY_DELAY_MS: '100',
  EVENT_ACK_WAIT_MS: '5000',
  OUTBOX_POLL_INTERVAL_MS: '100',
};
const ticketsDatabase = uniqueDatabaseUri('tickets');
const ordersConfig = ordersTestConfig(busEnv);

let tickets: TicketsProcess;
let orders: ListeningService;
let bus: EventBus;
beforeAll(async () => {
  [tickets, orders, bus] = await Promise.all([
    startTicketsProcess({ ...busEnv, MONGO_URI: ticketsDatabase, ...TEST_SESSION_KEYS }),
    startOrdersService(ordersConfig),
    connectTestBus(busEnv.NATS_URL),
  ]);
});
afterAll(async () => {
  await Promise.allSettled([orders?.stop(), tickets?.stop(), bus?.close()]);
  for (const uri of [ticketsDatabase, ordersConfig.MONGO_URI]) await dropDatabase(uri);
});

const client = (baseUrl: string, user?: UserPayload) => {
  const agent = request.agent(baseUrl).set('X-Forwarded-Proto', 'https');
  return user ? agent.set('Cookie', sessionCookieFor(user)) : agent;
};
const ticketsApi = (user?: UserPayload) => client(tickets.baseUrl, user);
const ordersApi = (user?: UserPayload) => client(`http://127.0.0.1:${orders.port}`, user);

/** Orders the ticket as soon as orders knows it (its ticket.created may still be on the way). */
const orderOnceKnown = (buyer: UserPayload, ticketId: string) =>
  waitFor(
    async () => {
      const res = await ordersApi(buyer).post('/api/orders').send({ ticketId });
      return res.status !== 404 && res;
    },
    { what: `ticket ${ticketId} to be orderable` },
  );

const ticketWhen = (ticketId: string, holds: (ticket: Record<string, unknown>) => boolean) =>
  waitFor(
    async () => {
      const res = await ticketsApi().get(`/api/tickets/${ticketId}`);
      return holds(res.body) && (res.body as Record<string, unknown>);
    },
    { what: `ticket ${ticketId} to change` },
  );

describe('tickets and orders over JetStream', () => {
  it('when a ticket is created, ordered and the order cancelled, then tickets reserves and releases it, and it can be ordered again', async () => {
    const seller = testUser();
    const created = await ticketsApi(seller)
      .post('/api/tickets')
      .send({ title: 'Integration concert', price: 25 })
      .expect(201);
    const ticketId = created.body.id as string;

    const buyer = testUser();
    const ordered = await orderOnceKnown(buyer, ticketId);
    expect(ordered.status).toBe(201);
    expect(ordered.body.ticket).toEqual({ id: ticketId, title: 'Integration concert', price: 25 });

    const reserved = await ticketWhen(ticketId, (t) => t.orderId === ordered.body.id);
    expect(reserved).toMatchObject({ orderId: ordered.body.id, version: 1 });
    const onSale = await ticketsApi().get('/api/tickets?limit=100');
    expect(onSale.body.map((t: { id: string }) => t.id)).not.toContain(ticketId);

    await ordersApi(buyer).delete(`/api/orders/${ordered.body.id}`).expect(204);

    const released = await ticketWhen(ticketId, (t) => t.orderId === undefined);
    expect(released).toMatchObject({ version: 2 });

    const again = await ordersApi(testUser()).post('/api/orders').send({ ticketId });
    expect(again.status).toBe(201);
    await ticketWhen(ticketId, (t) => t.orderId === again.body.id);
  });

  it('when the seller edits a ticket on sale, then orders sell it at the new price', async () => {
    const seller = testUser();
    const created = await ticketsApi(seller)
      .post('/api/tickets')
      .send({ title: 'Before', price: 10 })
      .expect(201);
    const ticketId = created.body.id as string;
    await ticketsApi(seller)
      .put(`/api/tickets/${ticketId}`)
      .send({ title: 'After', price: 12.5 })
      .expect(200);

    const buyer = testUser();
    const order = await waitFor(
      async () => {
        const res = await orderOnceKnown(buyer, ticketId);
        if (res.status !== 201) throw new Error(`ordering answered ${res.status}`);
        if (res.body.ticket.price === 12.5) return res;
        // Placed before the edit reached orders: give the ticket back and order again.
        await ordersApi(buyer).delete(`/api/orders/${res.body.id}`).expect(204);
        return undefined;
      },
      { what: 'the edited ticket to be orderable at its new price' },
    );

    expect(order.body.ticket).toEqual({ id: ticketId, title: 'After', price: 12.5 });
  });

  it('when an order is paid, then tickets sells its ticket at a new version and orders applies that version to its copy', async () => {
    const created = await ticketsApi(testUser())
      .post('/api/tickets')
      .send({ title: 'Sold out show', price: 30 })
      .expect(201);
    const ticketId = created.body.id as string;
    const ordered = await orderOnceKnown(testUser(), ticketId);
    await ticketWhen(ticketId, (t) => t.status === 'reserved');

    // What payments publishes once the card was charged; orders then completes the order.
    await bus.publish(
      createEnvelope(Subjects.PaymentCreated, {
        id: new mongoose.Types.ObjectId().toHexString(),
        orderId: ordered.body.id as string,
        stripeId: 'pi_integration',
      }),
    );

    const sold = await ticketWhen(ticketId, (t) => t.status === 'sold');
    expect(sold).toMatchObject({
      orderId: ordered.body.id,
      version: 2,
      soldAt: expect.any(String),
    });
    const ordersDatabase = await mongoose.createConnection(ordersConfig.MONGO_URI).asPromise();
    try {
      const copy = await waitFor(
        async () => {
          const found = await ordersDatabase
            .collection('tickets')
            .findOne({ _id: ticketId as never });
          return found?.version === 2 && found;
        },
        { what: "orders' copy of the sold ticket at version 2" },
      );
      expect(copy).toMatchObject({ title: 'Sold out show', price: 30 });
    } finally {
      await ordersDatabase.close();
    }
  });
});
