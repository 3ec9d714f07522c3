import { testUser } from '@ticketing/common/testing';
import {
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

describe('GET /api/orders/:id', () => {
  it('when the order is the caller own, then it answers 200 with it', async () => {
    const user = testUser();
    const order = await placeOrder(orders, user);

    const res = await orders.as(user).get(`/api/orders/${order.id}`);

    expect(res.status).toBe(200);
    expect(res.body).toEqual(order);
  });

  it('when not signed in, then it answers 401', async () => {
    const order = await placeOrder(orders);

    const res = await orders.http().get(`/api/orders/${order.id}`);

    expect(res.status).toBe(401);
  });

  it('when the order is someone else, then it answers 404 as if it did not exist', async () => {
    const order = await placeOrder(orders, testUser());

    const res = await orders.as(testUser()).get(`/api/orders/${order.id}`);

    expect(res.status).toBe(404);
    expect(res.body).toEqual(NOT_FOUND);
  });

  it.each([newId(), 'not-an-id'])(
    'when no order has the id %s, then it answers 404',
    async (id) => {
      const res = await orders.as(testUser()).get(`/api/orders/${id}`);

      expect(res.status).toBe(404);
      expect(res.body).toEqual(NOT_FOUND);
    },
  );
});
