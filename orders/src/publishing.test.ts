import { Subjects } from '@ticketing/common';
import { testUser } from '@ticketing/common/testing';
import {
  availableTicket,
  eventsOf,
  placeOrder,
  startTestOrdersService,
  type TestOrdersService,
} from './test/orders-test-service';

let orders: TestOrdersService;
beforeAll(async () => {
  orders = await startTestOrdersService();
});
afterAll(() => orders.stop());

describe('publishing order events through the outbox', () => {
  it('when the bus is down, then orders are still placed and cancelled without waiting for it, and their events go out in order once it is back', async () => {
    const user = testUser();
    const ticket = await availableTicket(orders);
    orders.bus.failPublishes = true;

    // Answered while every publish still fails: the writes do not wait for the bus (one that did
    // would hang here until the test's timeout).
    const order = await placeOrder(orders, user, ticket);
    await orders.as(user).delete(`/api/orders/${order.id}`).expect(204);

    expect((await orders.http().get('/readyz')).status).toBe(200);
    expect(eventsOf(orders.bus, order.id)).toEqual([]);

    orders.bus.failPublishes = false;

    await orders.eventsPublished();
    expect(eventsOf(orders.bus, order.id)).toEqual([
      [Subjects.OrderCreated, 0],
      [Subjects.OrderCancelled, 1],
    ]);
  });
});
