import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { dropDatabase, uniqueDatabaseUri } from '@ticketing/common/testing';
import { checkInvariants, type PlatformState, type StreamMessage } from './invariants';

// Each test writes a small platform's state straight into databases of its own on the test server
// (the harness's FerretDB): what the services would have written, then a fault's damage on top.

interface World {
  state: PlatformState;
  sold: { ticketId: string; orderId: string };
  freed: { ticketId: string; orderId: string };
}

/** The copies are keyed by their source's id, a string. */
type CopyDocument = { _id: string; [field: string]: unknown };

const uris: string[] = [];
const connections: mongoose.Connection[] = [];

async function database(service: string): Promise<mongoose.mongo.Db> {
  const uri = uniqueDatabaseUri(`chaos_${service}`);
  uris.push(uri);
  const connection = await mongoose.createConnection(uri).asPromise();
  connections.push(connection);
  return connection.db!;
}

afterEach(async () => {
  await Promise.all(connections.splice(0).map((c) => c.close()));
  await Promise.all(uris.splice(0).map(dropDatabase));
});

const oid = () => new mongoose.Types.ObjectId();
const event = (seq: number, subject: string, data: Record<string, unknown>): StreamMessage => ({
  seq,
  subject,
  eventId: randomUUID(),
  data,
});

/**
 * A settled platform: one ticket sold to a complete, paid order; another back on sale after its
 * order was cancelled; every copy current; the stream holding the events that got it there.
 */
async function settledWorld(): Promise<World> {
  const [tickets, orders, payments, catalog] = [
    await database('tickets'),
    await database('orders'),
    await database('payments'),
    await database('catalog'),
  ];
  const seller = randomUUID();
  const buyer = randomUUID();
  const [soldTicket, freeTicket, completeOrder, cancelledOrder] = [oid(), oid(), oid(), oid()];
  const sold = { ticketId: soldTicket.toHexString(), orderId: completeOrder.toHexString() };
  const freed = { ticketId: freeTicket.toHexString(), orderId: cancelledOrder.toHexString() };
  const expiresAt = new Date();

  await tickets.collection('tickets').insertMany([
    {
      _id: soldTicket,
      title: 'Sold',
      price: 12.5,
      userId: seller,
      orderId: sold.orderId,
      version: 1,
      outbox: [],
    },
    { _id: freeTicket, title: 'Free', price: 30, userId: seller, version: 2, outbox: [] },
  ]);
  await orders.collection('orders').insertMany([
    {
      _id: completeOrder,
      userId: buyer,
      status: 'complete',
      expiresAt,
      ticket: { id: sold.ticketId, title: 'Sold', price: 12.5 },
      activeTicketId: sold.ticketId,
      version: 1,
      outbox: [],
    },
    {
      _id: cancelledOrder,
      userId: buyer,
      status: 'cancelled',
      expiresAt,
      ticket: { id: freed.ticketId, title: 'Free', price: 30 },
      version: 1,
      outbox: [],
    },
  ]);
  await orders.collection<CopyDocument>('tickets').insertMany([
    { _id: sold.ticketId, title: 'Sold', price: 12.5, sellerId: seller, version: 1 },
    { _id: freed.ticketId, title: 'Free', price: 30, sellerId: seller, version: 2 },
  ]);
  await catalog.collection<CopyDocument>('catalog_tickets').insertMany([
    { _id: sold.ticketId, title: 'Sold', price: 12.5, status: 'sold', version: 1 },
    { _id: freed.ticketId, title: 'Free', price: 30, status: 'on-sale', version: 2 },
  ]);
  await payments.collection<CopyDocument>('orders').insertMany([
    { _id: sold.orderId, version: 1, userId: buyer, status: 'complete', price: 12.5, expiresAt },
    { _id: freed.orderId, version: 1, userId: buyer, status: 'cancelled', price: 30, expiresAt },
  ]);
  await payments.collection('payments').insertOne({
    orderId: sold.orderId,
    stripeId: 'pi_1',
    amount: 1250,
    status: 'succeeded',
    outbox: [],
  });

  const messages = [
    event(1, 'ticket.created', { id: sold.ticketId, version: 0 }),
    event(2, 'ticket.created', { id: freed.ticketId, version: 0 }),
    event(3, 'order.created', { id: sold.orderId, version: 0, ticket: { id: sold.ticketId } }),
    event(4, 'ticket.updated', { id: sold.ticketId, version: 1, orderId: sold.orderId }),
    event(5, 'payment.created', { id: randomUUID(), orderId: sold.orderId, stripeId: 'pi_1' }),
    event(6, 'order.completed', { id: sold.orderId, version: 1, ticket: { id: sold.ticketId } }),
    event(7, 'order.created', { id: freed.orderId, version: 0, ticket: { id: freed.ticketId } }),
    event(8, 'ticket.updated', { id: freed.ticketId, version: 1, orderId: freed.orderId }),
    event(9, 'order.cancelled', { id: freed.orderId, version: 1, ticket: { id: freed.ticketId } }),
    event(10, 'ticket.updated', { id: freed.ticketId, version: 2 }),
  ];
  return {
    state: {
      tickets,
      orders,
      payments,
      catalog,
      outboxDatabases: [tickets, orders, payments],
      messages,
    },
    sold,
    freed,
  };
}

const violationsOf = async (state: PlatformState) =>
  Object.fromEntries(
    (await checkInvariants(state)).filter((i) => i.violations > 0).map((i) => [i.name, i.examples]),
  );

describe('the chaos run’s invariant checker', () => {
  it('when every order settled consistently across the services, then no invariant is violated and each counts what it checked', async () => {
    const { state } = await settledWorld();

    const results = await checkInvariants(state);

    expect(results.filter((i) => i.violations > 0)).toEqual([]);
    const checked = Object.fromEntries(results.map((i) => [i.name, i.checked]));
    expect(checked).toMatchObject({
      'every order ends complete or cancelled': 2,
      'a complete order has exactly one succeeded payment of its price and its ticket is sold to it': 1,
      'a cancelled order has no unrefunded payment and holds no ticket': 1,
      "every ticket's reservation matches the orders service's view": 2,
      "every replicated copy (orders' tickets, payments' orders, the catalog's tickets) is at its source's version": 6,
    });
  });

  it('when a complete order was charged twice, then the doubled payment is reported', async () => {
    const { state, sold } = await settledWorld();
    await state.payments.collection('payments').insertOne({
      orderId: sold.orderId,
      stripeId: 'pi_2',
      amount: 1250,
      status: 'succeeded',
      outbox: [],
    });

    expect(await violationsOf(state)).toEqual({
      'a complete order has exactly one succeeded payment of its price and its ticket is sold to it':
        [
          `order ${sold.orderId}: 2 succeeded payments (1250, 1250 cents for a price of 1250); its ticket is held by ${sold.orderId}`,
        ],
    });
  });

  it('when a cancelled order kept its payment and its ticket, then both are reported, and the reservation mismatch too', async () => {
    const { state, freed } = await settledWorld();
    await state.payments.collection('payments').insertOne({
      orderId: freed.orderId,
      stripeId: 'pi_3',
      amount: 3000,
      status: 'succeeded',
      outbox: [],
    });
    await state.tickets
      .collection('tickets')
      .updateOne(
        { _id: new mongoose.Types.ObjectId(freed.ticketId) },
        { $set: { orderId: freed.orderId } },
      );

    const violations = await violationsOf(state);

    expect(violations['a cancelled order has no unrefunded payment and holds no ticket']).toEqual([
      `order ${freed.orderId}: 1 unrefunded payments; its ticket is held by ${freed.orderId}; it holds no ticket`,
    ]);
    expect(violations["every ticket's reservation matches the orders service's view"]).toEqual([
      `ticket ${freed.ticketId} is held by ${freed.orderId} in tickets, by nobody in orders`,
    ]);
  });

  it('when an order is stuck, a copy lags its source and an outbox still holds an event, then each is reported', async () => {
    const { state, freed, sold } = await settledWorld();
    await state.orders
      .collection('orders')
      .updateOne(
        { _id: new mongoose.Types.ObjectId(freed.orderId) },
        { $set: { status: 'created' } },
      );
    await state.orders
      .collection<CopyDocument>('tickets')
      .updateOne({ _id: sold.ticketId }, { $set: { version: 0 } });
    await state.catalog
      .collection<CopyDocument>('catalog_tickets')
      .deleteOne({ _id: freed.ticketId });
    await state.tickets
      .collection('tickets')
      .updateOne(
        { _id: new mongoose.Types.ObjectId(sold.ticketId) },
        { $set: { outbox: [{ id: 'e1', subject: 'ticket.updated', occurredAt: '', data: {} }] } },
      );

    const violations = await violationsOf(state);

    expect(violations['every order ends complete or cancelled']).toEqual([
      `order ${freed.orderId} is created`,
    ]);
    // The checker reads the collections in the server's order, which an update may change.
    expect(
      violations[
        "every replicated copy (orders' tickets, payments' orders, the catalog's tickets) is at its source's version"
      ]?.sort(),
    ).toEqual(
      [
        `orders' copy of ticket ${sold.ticketId} is at v0, the ticket at v1`,
        `the catalog's copy of ticket ${freed.ticketId} is at v(none), the ticket at v2`,
        `payments' copy of order ${freed.orderId} is at v1 (cancelled), the order at v1 (created)`,
      ].sort(),
    );
    expect(violations['no outbox holds events after settling']).toEqual([
      `${state.tickets.databaseName}.tickets ${sold.ticketId} holds 1 events`,
    ]);
  });

  it('when the stream holds a dead letter, a second cancel of one order and one order reserving its ticket twice, then each is reported', async () => {
    const { state, freed } = await settledWorld();
    state.messages.push(
      { seq: 11, subject: 'deadletter.ticket.updated', eventId: 'lost-event', data: {} },
      event(12, 'order.cancelled', {
        id: freed.orderId,
        version: 2,
        ticket: { id: freed.ticketId },
      }),
      event(13, 'ticket.updated', { id: freed.ticketId, version: 3, orderId: freed.orderId }),
    );

    const violations = await violationsOf(state);

    expect(violations['the dead-letter subject is empty']).toEqual([
      'dead letter 11: deadletter.ticket.updated (event lost-event)',
    ]);
    expect(violations['no event applied twice']).toEqual([
      `order ${freed.orderId} became final 2 times`,
      `order ${freed.orderId} reserved ticket ${freed.ticketId} 2 times`,
    ]);
  });
});
