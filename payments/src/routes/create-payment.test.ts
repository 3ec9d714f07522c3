import { OrderStatus, Subjects } from '@ticketing/common';
import { testUser, waitFor } from '@ticketing/common/testing';
import { PaymentStatus } from '../data/payment-model';
import { startTestPaymentsService, type TestPaymentsService } from '../test/payments-test-service';

let service: TestPaymentsService;
beforeAll(async () => {
  service = await startTestPaymentsService();
});
afterAll(() => service.stop());

const publishedPaymentsOf = (orderId: string) =>
  service.bus.dataOf(Subjects.PaymentCreated).filter((p) => p.orderId === orderId);

/** Holds each charge of the order until two are under way, so two requests really race. */
async function racingCharges<T>(orderId: string, requests: () => Promise<T>): Promise<T> {
  service.provider.beforeCharge = async () => {
    await waitFor(() => service.provider.charges.filter((c) => c.orderId === orderId).length >= 2);
  };
  try {
    return await requests();
  } finally {
    service.provider.beforeCharge = undefined;
  }
}

describe('POST /api/payments', () => {
  it('when the card is charged, then it answers 201 with the payment, stores it and publishes payment.created', async () => {
    const user = testUser();
    const order = await service.createOrder(user);

    const res = await service.pay(user, { orderId: order.id, token: 'tok_visa' });

    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(String) });
    const payment = await service.payments.findById(res.body.id).lean();
    expect(payment).toMatchObject({
      orderId: order.id,
      stripeId: expect.stringMatching(/^pi_/),
      amount: 1999,
      status: PaymentStatus.Succeeded,
    });
    await service.eventsPublished();
    expect(publishedPaymentsOf(order.id)).toEqual([
      { id: res.body.id, orderId: order.id, stripeId: payment!.stripeId },
    ]);
  });

  it('when the order is paid with a payment method (pm_…), then it is charged the same way', async () => {
    const user = testUser();
    const order = await service.createOrder(user);

    const res = await service.pay(user, { orderId: order.id, token: 'pm_card_visa' });

    expect(res.status).toBe(201);
  });

  it.each([
    [19.99, 1999],
    [0.1 + 0.2, 30],
    [4.35, 435],
    [1.005, 101],
    [1e-2, 1],
    [8.2, 820],
  ])('when the ticket costs %p, then the card is charged %p cents', async (price, cents) => {
    const user = testUser();
    const order = await service.createOrder(user, { ticket: { id: 'ticket', price } });

    await service.pay(user, { orderId: order.id, token: 'tok_visa' }).expect(201);

    const charge = service.provider.charges.find((c) => c.orderId === order.id);
    expect(charge?.amount).toBe(cents);
    expect((await service.payments.findOne({ orderId: order.id }))?.amount).toBe(cents);
  });

  it('when the card is declined, then it answers 402 with the message and the order can be paid with another card', async () => {
    const user = testUser();
    const order = await service.createOrder(user);

    const declined = await service.pay(user, { orderId: order.id, token: 'tok_chargeDeclined' });

    expect(declined.status).toBe(402);
    expect(declined.body).toEqual({ errors: [{ message: 'Your card was declined.' }] });
    expect(await service.payments.exists({ orderId: order.id })).toBeNull();
    await service.pay(user, { orderId: order.id, token: 'tok_visa' }).expect(201);
  });

  it('when the card needs authentication, then it answers 202 with the client secret and stores nothing yet', async () => {
    const user = testUser();
    const order = await service.createOrder(user);

    const res = await service.pay(user, {
      orderId: order.id,
      token: 'pm_card_authenticationRequired',
    });

    expect(res.status).toBe(202);
    expect(res.body).toEqual({ clientSecret: expect.stringMatching(/^pi_\w+_secret_\w+$/) });
    expect(await service.payments.exists({ orderId: order.id })).toBeNull();
  });

  it('when the same payment is submitted twice at once, then the card is charged once and both get the payment', async () => {
    const user = testUser();
    const order = await service.createOrder(user);

    const answers = await racingCharges(order.id, () =>
      Promise.all([1, 2].map(() => service.pay(user, { orderId: order.id, token: 'tok_visa' }))),
    );

    expect(answers.map((a) => a.status)).toEqual([201, 201]);
    expect(answers[0]!.body.id).toBe(answers[1]!.body.id);
    expect(await service.payments.countDocuments({ orderId: order.id })).toBe(1);
    await service.eventsPublished();
    expect(publishedPaymentsOf(order.id)).toHaveLength(1);
  });

  it('when two different cards are submitted at once, then the order keeps one charge and the other is refunded', async () => {
    const user = testUser();
    const order = await service.createOrder(user);

    const answers = await racingCharges(order.id, () =>
      Promise.all(
        ['tok_visa', 'pm_card_mastercard'].map((token) =>
          service.pay(user, { orderId: order.id, token }),
        ),
      ),
    );

    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([201, 400]);
    expect(answers.find((a) => a.status === 400)!.body).toEqual({
      errors: [{ message: 'Order is already paid' }],
    });
    const payment = await service.payments.findOne({ orderId: order.id });
    expect(payment?.status).toBe(PaymentStatus.Succeeded);
    const charged = await Promise.all(
      service.provider.charges
        .filter((c) => c.orderId === order.id)
        .map((c) => service.provider.inner.charge(c)),
    );
    const chargeIds = charged.map((c) => (c.status === 'succeeded' ? c.id : ''));
    expect(chargeIds).toContain(payment!.stripeId);
    expect([...service.provider.refunded]).toEqual(
      chargeIds.filter((id) => id !== payment!.stripeId),
    );
  });

  it('when the order is paid already, then a retried request answers 400 and charges nothing', async () => {
    const user = testUser();
    const order = await service.createOrder(user);
    await service.pay(user, { orderId: order.id, token: 'tok_visa' }).expect(201);
    const chargesBefore = service.provider.charges.length;

    const res = await service.pay(user, { orderId: order.id, token: 'tok_visa' });

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [{ message: 'Order is already paid' }] });
    expect(service.provider.charges.length).toBe(chargesBefore);
  });

  it('when the order is complete, then it answers 400 Order is already paid', async () => {
    const user = testUser();
    const order = await service.createOrder(user, { status: OrderStatus.Complete });

    const res = await service.pay(user, { orderId: order.id, token: 'tok_visa' });

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [{ message: 'Order is already paid' }] });
  });

  it('when the order is cancelled, then it answers 400 and charges nothing', async () => {
    const user = testUser();
    const order = await service.createOrder(user);
    await service.bus.deliver(Subjects.OrderCancelled, {
      id: order.id,
      version: 1,
      ticket: { id: order.ticket.id },
    });

    const res = await service.pay(user, { orderId: order.id, token: 'tok_visa' });

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [{ message: 'Cannot pay for a cancelled order' }] });
    expect(service.provider.charges.some((c) => c.orderId === order.id)).toBe(false);
  });

  it('when the order is cancelled while the card is charged, then the charge is refunded and recorded, and the order stays cancelled', async () => {
    const user = testUser();
    const order = await service.createOrder(user);
    service.provider.beforeCharge = async () => {
      await service.bus.deliver(Subjects.OrderCancelled, {
        id: order.id,
        version: 1,
        ticket: { id: order.ticket.id },
      });
    };
    try {
      const res = await service.pay(user, { orderId: order.id, token: 'tok_visa' });

      expect(res.status).toBe(400);
      expect(res.body.errors[0].message).toMatch(/cancelled.*refunded/);
    } finally {
      service.provider.beforeCharge = undefined;
    }
    const payment = await service.payments.findOne({ orderId: order.id }).lean();
    expect(payment).toMatchObject({ status: PaymentStatus.Refunded, refundedAt: expect.any(Date) });
    expect(service.provider.refunded.has(payment!.stripeId)).toBe(true);
    expect((await service.orders.findById(order.id))?.status).toBe(OrderStatus.Cancelled);
    expect(await service.paymentEventsOf(order.id)).toEqual([]);
  });

  it('when the order is unknown, then it answers 404', async () => {
    const res = await service.pay(testUser(), {
      orderId: '64b7f0c2a1b2c3d4e5f60718',
      token: 'tok_visa',
    });

    expect(res.status).toBe(404);
    expect(res.body).toEqual({ errors: [{ message: 'Order not found' }] });
  });

  it("when the order is someone else's, then it answers 404 as if it did not exist", async () => {
    const order = await service.createOrder(testUser());

    const res = await service.pay(testUser(), { orderId: order.id, token: 'tok_visa' });

    expect(res.status).toBe(404);
    expect(res.body).toEqual({ errors: [{ message: 'Order not found' }] });
    expect(service.provider.charges.some((c) => c.orderId === order.id)).toBe(false);
  });

  it('when not signed in, then it answers 401', async () => {
    const res = await service
      .http()
      .post('/api/payments')
      .send({ orderId: 'any', token: 'tok_visa' });

    expect(res.status).toBe(401);
    expect(res.body).toEqual({ errors: [{ message: 'Not authenticated' }] });
  });

  it.each([
    ['missing', undefined],
    ['empty', '  '],
    ['not a string', 42],
  ])('when the orderId is %s, then it answers 400 naming orderId', async (_case, orderId) => {
    const res = await service.pay(testUser(), { orderId, token: 'tok_visa' });

    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      errors: [{ message: 'orderId must be an order id', field: 'orderId' }],
    });
  });

  it.each([
    ['missing', undefined],
    ['not a Stripe id', 'card-4242'],
    ['not a string', { id: 'tok_visa' }],
  ])('when the token is %s, then it answers 400 naming token', async (_case, token) => {
    const order = await service.createOrder(testUser());

    const res = await service.pay(testUser(), { orderId: order.id, token });

    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      errors: [
        {
          message: 'token must be a Stripe payment method (pm_…) or card token (tok_…)',
          field: 'token',
        },
      ],
    });
  });

  it('when the token is well-formed but unknown to the provider, then it answers 400 naming token', async () => {
    const user = testUser();
    const order = await service.createOrder(user);

    const res = await service.pay(user, { orderId: order.id, token: 'tok_unknown' });

    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      errors: [{ message: 'Token is not a usable payment method', field: 'token' }],
    });
  });
});
