import { Subjects } from '@ticketing/common';
import { testUser, waitFor } from '@ticketing/common/testing';
import {
  eventsOf,
  newId,
  placeOrder,
  startTestOrdersService,
  type TestOrdersService,
} from '../test/orders-test-service';

let orders: TestOrdersService;
beforeAll(async () => {
  orders = await startTestOrdersService();
});
afterAll(() => orders.stop());

const NOT_FOUND = { errors: [{ message: 'Order not found' }] };

describe('DELETE /api/orders/:id', () => {
  it('when the caller cancels their order, then it answers 204 and the order is cancelled by its buyer at the next version', async () => {
    const user = testUser();
    const order = await placeOrder(orders, user);

    const res = await orders.as(user).delete(`/api/orders/${order.id}`);

    expect(res.status).toBe(204);
    const after = await orders.as(user).get(`/api/orders/${order.id}`);
    expect(after.body).toEqual({
      ...order,
      status: 'cancelled',
      cancelReason: 'cancelled-by-buyer',
      version: 1,
    });
  });

  it('when an order is cancelled, then order.cancelled is published with its version, ticket and reason', async () => {
    const user = testUser();
    const order = await placeOrder(orders, user);

    await orders.as(user).delete(`/api/orders/${order.id}`).expect(204);

    const published = await waitFor(() =>
      orders.bus.dataOf(Subjects.OrderCancelled).find((d) => d.id === order.id),
    );
    expect(published).toEqual({
      id: order.id,
      version: 1,
      ticket: { id: order.ticket.id },
      reason: 'cancelled-by-buyer',
    });
  });

  it('when the order is cancelled twice, then both answer 204 and only one event is published', async () => {
    const user = testUser();
    const order = await placeOrder(orders, user);

    await orders.as(user).delete(`/api/orders/${order.id}`).expect(204);
    await orders.as(user).delete(`/api/orders/${order.id}`).expect(204);

    await orders.eventsPublished();
    expect(eventsOf(orders.bus, order.id)).toEqual([
      [Subjects.OrderCreated, 0],
      [Subjects.OrderCancelled, 1],
    ]);
    expect((await orders.as(user).get(`/api/orders/${order.id}`)).body.version).toBe(1);
  });

  it('when the order is complete, then it answers 400 and the order stays complete', async () => {
    const user = testUser();
    const order = await placeOrder(orders, user);
    await orders.bus.deliver(Subjects.PaymentCreated, {
      id: newId(),
      orderId: order.id,
      stripeId: 'ch_test',
    });

    const res = await orders.as(user).delete(`/api/orders/${order.id}`);

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [{ message: 'Cannot cancel a completed order' }] });
    expect((await orders.as(user).get(`/api/orders/${order.id}`)).body.status).toBe('complete');
  });

  it('when not signed in, then it answers 401 and the order is unchanged', async () => {
    const user = testUser();
    const order = await placeOrder(orders, user);

    const res = await orders.http().delete(`/api/orders/${order.id}`);

    expect(res.status).toBe(401);
    expect((await orders.as(user).get(`/api/orders/${order.id}`)).body).toEqual(order);
  });

  it('when the order is someone else, then it answers 404 and the order is unchanged', async () => {
    const owner = testUser();
    const order = await placeOrder(orders, owner);

    const res = await orders.as(testUser()).delete(`/api/orders/${order.id}`);

    expect(res.status).toBe(404);
    expect(res.body).toEqual(NOT_FOUND);
    expect((await orders.as(owner).get(`/api/orders/${order.id}`)).body).toEqual(order);
  });

  it.each([newId(), 'not-an-id'])(
    'when no order has the id %s, then it answers 404',
    async (id) => {
      const res = await orders.as(testUser()).delete(`/api/orders/${id}`);

      expect(res.status).toBe(404);
      expect(res.body).toEqual(NOT_FOUND);
    },
  );
});
