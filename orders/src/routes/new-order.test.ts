import { Subjects } from '@ticketing/common';
import { testUser, waitFor } from '@ticketing/common/testing';
import {
  availableTicket,
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

const TICKET_ID_ERROR = { message: 'A valid ticketId is required', field: 'ticketId' };

describe('POST /api/orders', () => {
  it('when the ticket is available, then it answers 201 with the created order at version 0, expiring in 15 minutes', async () => {
    const user = testUser();
    const ticket = await availableTicket(orders, { price: 19.99 });

    const before = Date.now();
    const res = await orders.as(user).post('/api/orders').send({ ticketId: ticket.id });
    const after = Date.now();

    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      status: 'created',
      expiresAt: expect.any(String),
      userId: user.id,
      version: 0,
      ticket: { id: ticket.id, title: ticket.title, price: 19.99 },
      createdAt: expect.any(String),
    });
    const createdAt = Date.parse(res.body.createdAt);
    expect(createdAt).toBeGreaterThanOrEqual(before);
    expect(createdAt).toBeLessThanOrEqual(after);
    const expiresInMs = Date.parse(res.body.expiresAt) - before;
    expect(expiresInMs).toBeGreaterThanOrEqual(900_000);
    expect(expiresInMs).toBeLessThan(905_000);
  });

  it('when an order is created, then order.created is published with its version, expiry and price', async () => {
    const user = testUser();
    const ticket = await availableTicket(orders, { price: 35 });

    const order = await placeOrder(orders, user, ticket);

    const published = await waitFor(() =>
      orders.bus.dataOf(Subjects.OrderCreated).find((d) => d.id === order.id),
    );
    expect(published).toEqual({
      id: order.id,
      version: 0,
      status: 'created',
      userId: user.id,
      expiresAt: order.expiresAt,
      ticket: { id: ticket.id, price: 35 },
    });
  });

  it('when not signed in, then it answers 401', async () => {
    const ticket = await availableTicket(orders);

    const res = await orders.http().post('/api/orders').send({ ticketId: ticket.id });

    expect(res.status).toBe(401);
    expect(res.body).toEqual({ errors: [{ message: 'Not authenticated' }] });
  });

  it.each([
    ['missing', undefined],
    ['not an id', 'not-an-id'],
    ['a number', 42],
    ['an object', { $ne: null }],
  ])('when the ticketId is %s, then it answers 400 naming ticketId', async (_case, ticketId) => {
    const res = await orders.as(testUser()).post('/api/orders').send({ ticketId });

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [TICKET_ID_ERROR] });
  });

  it('when the ticket is unknown, then it answers 404', async () => {
    const res = await orders.as(testUser()).post('/api/orders').send({ ticketId: newId() });

    expect(res.status).toBe(404);
    expect(res.body).toEqual({ errors: [{ message: 'Ticket not found' }] });
  });

  it('when another order holds the ticket, then it answers 400 Ticket is already reserved and publishes nothing', async () => {
    const ticket = await availableTicket(orders);
    await placeOrder(orders, testUser(), ticket);

    const res = await orders.as(testUser()).post('/api/orders').send({ ticketId: ticket.id });

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [{ message: 'Ticket is already reserved' }] });
    await orders.eventsPublished();
    expect(
      orders.bus.dataOf(Subjects.OrderCreated).filter((d) => d.ticket.id === ticket.id),
    ).toHaveLength(1);
  });

  it('when the same user orders the ticket twice, then the second is refused too', async () => {
    const user = testUser();
    const ticket = await availableTicket(orders);
    await placeOrder(orders, user, ticket);

    const res = await orders.as(user).post('/api/orders').send({ ticketId: ticket.id });

    expect(res.status).toBe(400);
  });

  it('when the seller orders their own ticket, then it answers 400 and publishes nothing', async () => {
    const seller = testUser();
    const ticket = await availableTicket(orders, { userId: seller.id });

    const res = await orders.as(seller).post('/api/orders').send({ ticketId: ticket.id });

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [{ message: 'You cannot buy your own ticket' }] });
    await orders.eventsPublished();
    expect(orders.bus.dataOf(Subjects.OrderCreated).some((d) => d.ticket.id === ticket.id)).toBe(
      false,
    );
  });

  it('when the order holding the ticket was cancelled, then the ticket can be ordered again', async () => {
    const ticket = await availableTicket(orders);
    const buyer = testUser();
    const first = await placeOrder(orders, buyer, ticket);
    await orders.as(buyer).delete(`/api/orders/${first.id}`).expect(204);

    const res = await orders.as(testUser()).post('/api/orders').send({ ticketId: ticket.id });

    expect(res.status).toBe(201);
  });

  it('when the order holding the ticket was paid, then the ticket can never be ordered again', async () => {
    const ticket = await availableTicket(orders);
    const order = await placeOrder(orders, testUser(), ticket);
    await orders.bus.deliver(Subjects.PaymentCreated, {
      id: newId(),
      orderId: order.id,
      stripeId: 'ch_test',
    });

    const res = await orders.as(testUser()).post('/api/orders').send({ ticketId: ticket.id });

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [{ message: 'Ticket is already reserved' }] });
  });
});

describe('POST /api/orders with another expiration window', () => {
  it('when EXPIRATION_WINDOW_SECONDS is 60, then orders expire a minute after they are placed', async () => {
    const shortWindow = await startTestOrdersService({
      overrides: { EXPIRATION_WINDOW_SECONDS: '60' },
    });
    try {
      const before = Date.now();
      const order = await placeOrder(shortWindow);

      const expiresInMs = Date.parse(order.expiresAt) - before;
      expect(expiresInMs).toBeGreaterThanOrEqual(60_000);
      expect(expiresInMs).toBeLessThan(65_000);
    } finally {
      await shortWindow.stop();
    }
  });
});
