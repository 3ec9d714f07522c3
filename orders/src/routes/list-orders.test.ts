import { testUser } from '@ticketing/common/testing';
import {
  placeOrder,
  startTestOrdersService,
  type TestOrdersService,
} from '../test/orders-test-service';

let orders: TestOrdersService;
beforeAll(async () => {
  orders = await startTestOrdersService();
});
afterAll(() => orders.stop());

describe('GET /api/orders', () => {
  it('when the caller has orders, then it answers 200 with them and their tickets, newest first, and nobody else', async () => {
    const user = testUser();
    const first = await placeOrder(orders, user);
    await placeOrder(orders, testUser());
    const second = await placeOrder(orders, user);

    const res = await orders.as(user).get('/api/orders');

    expect(res.status).toBe(200);
    expect(res.body).toEqual([second, first]);
  });

  it('when the caller has cancelled an order, then it is still listed, as cancelled', async () => {
    const user = testUser();
    const order = await placeOrder(orders, user);
    await orders.as(user).delete(`/api/orders/${order.id}`).expect(204);

    const res = await orders.as(user).get('/api/orders');

    expect(res.body).toEqual([{ ...order, status: 'cancelled', version: 1 }]);
  });

  it('when the caller has no orders, then it answers an empty array', async () => {
    const res = await orders.as(testUser()).get('/api/orders');

    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
  });

  it('when not signed in, then it answers 401', async () => {
    const res = await orders.http().get('/api/orders');

    expect(res.status).toBe(401);
    expect(res.body).toEqual({ errors: [{ message: 'Not authenticated' }] });
  });
});
