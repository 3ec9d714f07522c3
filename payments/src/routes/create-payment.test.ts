import { OrderStatus, Subjects } from '@ticketing/common';
import { testUser, waitFor } from '@ticketing/common/testing';
import { PaymentStatus } from '../data/payment-model';
import { RefundReason } from '../data/refund-model';
import { startTestPaymentsService, type TestPaymentsService } from '../test/payments-test-service';

let service: TestPaymentsService;
beforeAll(async () => {
  service = await startTestPaymentsService();
});
afterAll(() => service.stop());

const publishedPaymentsOf = (orderId: string) =>
  service.bus.dataOf(Subjects.PaymentCreated).filter((p) => p.orderId === orderId);

/** Sends the requests at once; each charge of the order is held until `release` says so. */
async function whileChargesHeld<T>(release: () => boolean, requests: () => Promise<T>): Promise<T> {
  service.provider.beforeCharge = async () => {
    await waitFor(release, { what: 'the racing requests' });
  };
  try {
    return await requests();
  } finally {
    service.provider.beforeCharge = undefined;
  }
}

describe('POST /api/payments', () => {
  it('when the card is charged, then it answers 201 with the payment, stores it and publishes payment.created with what the receipt shows', async () => {
    const user = testUser();
    const order = await service.createOrder(user);
    const before = Date.now();

    const res = await service.pay(user, { orderId: order.id, token: 'tok_visa' });

    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(String) });
    const payment = await service.payments.findById(res.body.id).lean();
    expect(payment).toMatchObject({
      orderId: order.id,
      stripeId: expect.stringMatching(/^pi_/),
      amount: 1999,
      card: { brand: 'visa', last4: '4242' },
      status: PaymentStatus.Succeeded,
    });
    await service.eventsPublished();
    const published = publishedPaymentsOf(order.id);
    expect(published).toEqual([
      {
        id: res.body.id,
        orderId: order.id,
        stripeId: payment!.stripeId,
        paidAt: expect.any(String),
        amount: 1999,
        currency: 'usd',
        cardBrand: 'visa',
        cardLast4: '4242',
      },
    ]);
    expect(Date.parse(published[0]!.paidAt!)).toBeGreaterThanOrEqual(before);
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

  it('when four cards pay one order at once, then exactly one is charged and the others answer 409 without charging', async () => {
    const user = testUser();
    const order = await service.createOrder(user);
    const cards = ['tok_visa', 'pm_card_visa', 'tok_mastercard', 'pm_card_mastercard'];
    let answered = 0;

    // The first charge is held until the other three were answered, or (without a claim) until all
    // four are being charged at once.
    const answers = await whileChargesHeld(
      () => answered >= 3 || service.provider.chargesOf(order.id).length >= 4,
      () =>
        Promise.all(
          cards.map((token) =>
            service.pay(user, { orderId: order.id, token }).then((res) => {
              answered += 1;
              return res;
            }),
          ),
        ),
    );

    expect(service.provider.chargesOf(order.id)).toHaveLength(1);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409]);
    for (const refused of answers.filter((a) => a.status === 409)) {
      expect(refused.body).toEqual({
        errors: [{ message: 'A payment for this order is already in progress' }],
      });
    }
    const intents = service.provider.intents.get(order.id) ?? [];
    expect(intents.filter((id) => service.provider.refunded.has(id))).toEqual([]);
    await service.eventsPublished();
    expect(publishedPaymentsOf(order.id)).toHaveLength(1);
  });

  it('when the charge in flight has finished, then the order can be charged again: the claim is released', async () => {
    const user = testUser();
    const order = await service.createOrder(user);
    await service.pay(user, { orderId: order.id, token: 'tok_chargeDeclined' }).expect(402);

    await service.pay(user, { orderId: order.id, token: 'tok_visa' }).expect(201);
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
    expect(await service.refunds.findOne({ stripeId: payment!.stripeId }).lean()).toMatchObject({
      orderId: order.id,
      status: 'refunded',
      reason: RefundReason.OrderCancelled,
      amount: 1999,
      refundId: expect.stringMatching(/^re_/),
    });
    expect((await service.orders.findById(order.id))?.status).toBe(OrderStatus.Cancelled);
    expect(await service.paymentEventsOf(order.id)).toEqual([]);
  });

  it("when the order's reservation has ended, then it answers 400 Order has expired and charges nothing", async () => {
    const user = testUser();
    const order = await service.createOrder(user, {
      expiresAt: new Date(Date.now() - 1_000).toISOString(),
    });

    const res = await service.pay(user, { orderId: order.id, token: 'tok_visa' });

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [{ message: 'Order has expired' }] });
    expect(service.provider.chargesOf(order.id)).toEqual([]);
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

describe('POST /api/payments against card testing', () => {
  it('when an order had 5 cards declined within 15 minutes, then the next attempt answers 429 with Retry-After and charges nothing', async () => {
    const user = testUser();
    const order = await service.createOrder(user);
    for (let i = 0; i < 5; i += 1) {
      await service.pay(user, { orderId: order.id, token: 'tok_chargeDeclined' }).expect(402);
    }

    const res = await service.pay(user, { orderId: order.id, token: 'tok_visa' });

    expect(res.status).toBe(429);
    expect(res.body).toEqual({
      errors: [{ message: 'Too many declined cards for this order; try again later' }],
    });
    const retryAfter = Number(res.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(service.provider.chargesOf(order.id)).toHaveLength(5);
  });

  it("when a user had 20 cards declined within the hour over several orders, then their next attempt answers 429 with Retry-After, while others' go through", async () => {
    const user = testUser();
    for (let i = 0; i < 5; i += 1) {
      const order = await service.createOrder(user);
      for (let j = 0; j < 4; j += 1) {
        await service.pay(user, { orderId: order.id, token: 'tok_chargeDeclined' }).expect(402);
      }
    }
    const fresh = await service.createOrder(user);

    const res = await service.pay(user, { orderId: fresh.id, token: 'tok_visa' });

    expect(res.status).toBe(429);
    expect(res.body).toEqual({ errors: [{ message: 'Too many declined cards; try again later' }] });
    const retryAfter = Number(res.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(59 * 60);
    expect(retryAfter).toBeLessThanOrEqual(60 * 60);
    expect(service.provider.chargesOf(fresh.id)).toEqual([]);
    const someoneElse = testUser();
    const theirs = await service.createOrder(someoneElse);
    await service.pay(someoneElse, { orderId: theirs.id, token: 'tok_visa' }).expect(201);
  });

  it('when the declines are older than the window, then the order may be paid again', async () => {
    const user = testUser();
    const order = await service.createOrder(user);
    const longAgo = new Date(Date.now() - 16 * 60_000);
    await service.declines.insertMany(
      Array.from({ length: 5 }, () => ({
        orderId: order.id,
        userId: user.id,
        at: longAgo,
        expiresAt: new Date(longAgo.getTime() + 60 * 60_000),
      })),
    );

    await service.pay(user, { orderId: order.id, token: 'tok_visa' }).expect(201);
  });
});
