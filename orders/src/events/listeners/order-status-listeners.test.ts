import { Subjects } from '@ticketing/common';
import { testUser, waitFor } from '@ticketing/common/testing';
import {
  availableTicket,
  eventsOf,
  newId,
  placeOrder,
  startTestOrdersService,
  type TestOrdersService,
} from '../../test/orders-test-service';

let orders: TestOrdersService;
beforeAll(async () => {
  orders = await startTestOrdersService();
});
afterAll(() => orders.stop());

const ACK = { action: 'ack' };
const IGNORED_ACK = { action: 'ack', ignored: true };

const expire = (orderId: string, deliveryCount = 1) =>
  orders.bus.deliver(Subjects.ExpirationComplete, { orderId }, { deliveryCount });

const pay = (orderId: string, deliveryCount = 1) =>
  orders.bus.deliver(
    Subjects.PaymentCreated,
    { id: newId(), orderId, stripeId: `ch_${orderId}` },
    { deliveryCount },
  );

async function orderAsOwner(user: ReturnType<typeof testUser>, orderId: string) {
  return (await orders.as(user).get(`/api/orders/${orderId}`)).body;
}

/** The order's events once every recorded event has left the outbox, as [subject, version]. */
async function publishedEventsOf(orderId: string) {
  await orders.eventsPublished();
  return eventsOf(orders.bus, orderId);
}

describe('on expiration.complete', () => {
  it('when the order is unpaid, then it is cancelled at the next version, order.cancelled is published and the ticket is free again', async () => {
    const user = testUser();
    const ticket = await availableTicket(orders);
    const order = await placeOrder(orders, user, ticket);

    expect(await expire(order.id)).toEqual(ACK);

    expect(await orderAsOwner(user, order.id)).toMatchObject({ status: 'cancelled', version: 1 });
    expect(await publishedEventsOf(order.id)).toEqual([
      [Subjects.OrderCreated, 0],
      [Subjects.OrderCancelled, 1],
    ]);
    await placeOrder(orders, testUser(), ticket);
  });

  it('when the order is unpaid, then its reason is expired, in the order and in order.cancelled', async () => {
    const user = testUser();
    const order = await placeOrder(orders, user);

    await expire(order.id);

    expect((await orderAsOwner(user, order.id)).cancelReason).toBe('expired');
    const cancelled = await waitFor(() =>
      orders.bus.dataOf(Subjects.OrderCancelled).find((d) => d.id === order.id),
    );
    expect(cancelled).toEqual({
      id: order.id,
      version: 1,
      ticket: { id: order.ticket.id },
      reason: 'expired',
    });
  });

  it('when it is delivered again, then it is acked as ignored, with no second effect', async () => {
    const user = testUser();
    const order = await placeOrder(orders, user);
    await expire(order.id);

    expect(await expire(order.id, 2)).toEqual(IGNORED_ACK);

    expect((await orderAsOwner(user, order.id)).version).toBe(1);
    expect(await publishedEventsOf(order.id)).toHaveLength(2);
  });

  it('when the order was paid, then it stays complete and nothing is published', async () => {
    const user = testUser();
    const order = await placeOrder(orders, user);
    await pay(order.id);

    expect(await expire(order.id)).toEqual(IGNORED_ACK);

    expect(await orderAsOwner(user, order.id)).toMatchObject({ status: 'complete', version: 1 });
    expect(await publishedEventsOf(order.id)).toEqual([
      [Subjects.OrderCreated, 0],
      [Subjects.OrderCompleted, 1],
    ]);
  });

  it('when the order was cancelled by its buyer, then nothing more happens', async () => {
    const user = testUser();
    const order = await placeOrder(orders, user);
    await orders.as(user).delete(`/api/orders/${order.id}`).expect(204);

    expect(await expire(order.id)).toEqual(IGNORED_ACK);

    expect((await orderAsOwner(user, order.id)).version).toBe(1);
  });

  it('when the order is unknown, then it is acked as ignored', async () => {
    expect(await expire(newId())).toEqual(IGNORED_ACK);
  });
});

describe('on payment.created', () => {
  it('when the order is awaiting payment, then it is complete at the next version and order.completed is published', async () => {
    const user = testUser();
    const order = await placeOrder(orders, user);

    expect(await pay(order.id)).toEqual(ACK);

    expect(await orderAsOwner(user, order.id)).toMatchObject({ status: 'complete', version: 1 });
    const completed = await waitFor(() =>
      orders.bus.dataOf(Subjects.OrderCompleted).find((d) => d.id === order.id),
    );
    expect(completed).toEqual({ id: order.id, version: 1, ticket: { id: order.ticket.id } });
  });

  it.each([
    [
      'with the card',
      { amount: 1999, cardBrand: 'visa', cardLast4: '4242' },
      { amount: 19.99, cardBrand: 'visa', cardLast4: '4242' },
    ],
    ['without a card when it names none', { amount: 2000 }, { amount: 20 }],
  ])(
    'when it carries the payment, then the order keeps it as its receipt, in dollars, %s',
    async (_case, payment, shown) => {
      const user = testUser();
      const order = await placeOrder(orders, user);
      const paidAt = new Date().toISOString();
      const stripeId = `pi_${order.id}`;

      await orders.bus.deliver(Subjects.PaymentCreated, {
        id: newId(),
        orderId: order.id,
        stripeId,
        paidAt,
        currency: 'usd',
        ...payment,
      });

      expect((await orderAsOwner(user, order.id)).receipt).toEqual({
        paidAt,
        currency: 'usd',
        paymentReference: stripeId,
        ...shown,
      });
    },
  );

  it('when it comes from a payments release without receipts, then the order is complete without a receipt', async () => {
    const user = testUser();
    const order = await placeOrder(orders, user);

    expect(await pay(order.id)).toEqual(ACK);

    const completed = await orderAsOwner(user, order.id);
    expect(completed.status).toBe('complete');
    expect(completed).not.toHaveProperty('receipt');
  });

  it('when it is delivered again, then it is acked as ignored, with no second effect', async () => {
    const user = testUser();
    const order = await placeOrder(orders, user);
    await pay(order.id);

    expect(await pay(order.id, 2)).toEqual(IGNORED_ACK);

    expect((await orderAsOwner(user, order.id)).version).toBe(1);
    expect(await publishedEventsOf(order.id)).toHaveLength(2);
  });

  it('when the order was cancelled first, then it stays cancelled and nothing is published', async () => {
    const user = testUser();
    const order = await placeOrder(orders, user);
    await expire(order.id);

    expect(await pay(order.id)).toEqual(IGNORED_ACK);

    expect(await orderAsOwner(user, order.id)).toMatchObject({ status: 'cancelled', version: 1 });
    expect(await publishedEventsOf(order.id)).toEqual([
      [Subjects.OrderCreated, 0],
      [Subjects.OrderCancelled, 1],
    ]);
  });

  it('when the order is unknown, then it is acked as ignored', async () => {
    expect(await pay(newId())).toEqual(IGNORED_ACK);
  });
});
