import type { Order } from '@ticketing/common/api';
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

    expect(res.body).toEqual([
      { ...order, status: 'cancelled', cancelReason: 'cancelled-by-buyer', version: 1 },
    ]);
  });

  it('when the caller has more orders than a page holds, then the pages follow X-Next-Cursor, newest first, each order once', async () => {
    const user = testUser();
    const placed = [];
    for (let i = 0; i < 5; i++) placed.push(await placeOrder(orders, user));
    const newestFirst = placed.reverse().map((order) => order.id);

    const first = await orders.as(user).get('/api/orders?limit=2');
    const second = await orders
      .as(user)
      .get(`/api/orders?limit=2&after=${first.headers['x-next-cursor']}`);
    const last = await orders
      .as(user)
      .get(`/api/orders?limit=2&after=${second.headers['x-next-cursor']}`);

    expect([first, second, last].map((res) => res.status)).toEqual([200, 200, 200]);
    expect([...first.body, ...second.body, ...last.body].map((o: Order) => o.id)).toEqual(
      newestFirst,
    );
    expect(last.body).toHaveLength(1);
    expect(last.headers['x-next-cursor']).toBeUndefined();
  });

  it('when the last page is exactly full, then it names no next page', async () => {
    const user = testUser();
    await placeOrder(orders, user);
    await placeOrder(orders, user);

    const res = await orders.as(user).get('/api/orders?limit=2');

    expect(res.body).toHaveLength(2);
    expect(res.headers['x-next-cursor']).toBeUndefined();
  });

  it("when another user's cursor is used, then it pages only the caller's own orders", async () => {
    const user = testUser();
    const own = await placeOrder(orders, user);
    const other = testUser();
    await placeOrder(orders, other);
    await placeOrder(orders, other);
    const othersCursor = (await orders.as(other).get('/api/orders?limit=1')).headers[
      'x-next-cursor'
    ];

    const res = await orders.as(user).get(`/api/orders?after=${othersCursor}`);

    expect(res.body.map((o: Order) => o.id)).toEqual([own.id]);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=two', 'limit'],
    ['limit=1&limit=2', 'limit'],
    ['after=not-a-cursor', 'after'],
    ['after=', 'after'],
  ])('when the query is %s, then it answers 400 naming %s', async (query, field) => {
    const res = await orders.as(testUser()).get(`/api/orders?${query}`);

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [{ message: expect.any(String), field }] });
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
