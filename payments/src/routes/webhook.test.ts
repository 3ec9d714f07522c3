import { OrderStatus, Subjects } from '@ticketing/common';
import { testUser } from '@ticketing/common/testing';
import { PaymentStatus } from '../data/payment-model';
import { RefundReason } from '../data/refund-model';
import {
  paymentIntentEvent,
  startTestPaymentsService,
  type TestPaymentsService,
} from '../test/payments-test-service';

let service: TestPaymentsService;
beforeAll(async () => {
  service = await startTestPaymentsService();
});
afterAll(() => service.stop());

type WebhookEvent = ReturnType<typeof paymentIntentEvent>;

const withIntent = (event: WebhookEvent, changes: object) => ({
  ...event,
  data: { object: { ...event.data.object, ...changes } },
});

const publishedPaymentsOf = (orderId: string) =>
  service.bus.dataOf(Subjects.PaymentCreated).filter((p) => p.orderId === orderId);

describe('POST /api/payments/webhook', () => {
  it("when a signed success arrives for the intent this service created for the order, then the payment is stored and payment.created published with the receipt's card", async () => {
    const user = testUser();
    const order = await service.createOrder(user);
    const intent = await service.pendingPayment(user, order.id);

    const res = await service.webhook(
      paymentIntentEvent('payment_intent.succeeded', { orderId: order.id, id: intent }),
    );

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: true });
    const payment = await service.payments.findOne({ orderId: order.id }).lean();
    expect(payment).toMatchObject({
      stripeId: intent,
      amount: 1999,
      status: PaymentStatus.Succeeded,
    });
    await service.eventsPublished();
    expect(publishedPaymentsOf(order.id)).toEqual([
      {
        id: String(payment!._id),
        orderId: order.id,
        stripeId: intent,
        paidAt: expect.any(String),
        amount: 1999,
        currency: 'usd',
        // The provider's card of pm_card_authenticationRequired, looked up for the webhook's intent.
        cardBrand: 'visa',
        cardLast4: '3155',
      },
    ]);
  });

  it('when the card of a reported success cannot be read, then the payment is still stored and published, without a card', async () => {
    const user = testUser();
    const order = await service.createOrder(user);
    const intent = await service.pendingPayment(user, order.id);
    // Stripe's API failing to answer (the provider stands in for it; nothing else is mocked).
    jest.spyOn(service.provider, 'cardOf').mockRejectedValueOnce(new Error('provider unreachable'));

    await service
      .webhook(paymentIntentEvent('payment_intent.succeeded', { orderId: order.id, id: intent }))
      .expect(200);

    await service.eventsPublished();
    const [published] = publishedPaymentsOf(order.id);
    expect(published).toMatchObject({ stripeId: intent, amount: 1999, currency: 'usd' });
    expect(published).not.toHaveProperty('cardBrand');
  });

  it('when Stripe delivers the same event twice, then the payment is stored and published once', async () => {
    const user = testUser();
    const order = await service.createOrder(user);
    const intent = await service.pendingPayment(user, order.id);
    const event = paymentIntentEvent('payment_intent.succeeded', { orderId: order.id, id: intent });

    await service.webhook(event).expect(200);
    await service.webhook(event).expect(200);

    expect(await service.payments.countDocuments({ orderId: order.id })).toBe(1);
    await service.eventsPublished();
    expect(publishedPaymentsOf(order.id)).toHaveLength(1);
  });

  it('when a 3-D Secure payment answered 202 and then succeeds, then the webhook completes it and a retry is refused', async () => {
    const user = testUser();
    const order = await service.createOrder(user);
    const intent = await service.pendingPayment(user, order.id);

    await service
      .webhook(paymentIntentEvent('payment_intent.succeeded', { orderId: order.id, id: intent }))
      .expect(200);

    expect((await service.payments.findOne({ orderId: order.id }))?.stripeId).toBe(intent);
    const retry = await service.pay(user, { orderId: order.id, token: 'tok_visa' });
    expect(retry.status).toBe(400);
    expect(retry.body).toEqual({ errors: [{ message: 'Order is already paid' }] });
  });

  it('when the synchronous answer and the webhook both report one success, then there is one payment', async () => {
    const user = testUser();
    const order = await service.createOrder(user);
    const paid = await service.pay(user, { orderId: order.id, token: 'tok_visa' }).expect(201);
    const payment = await service.payments.findById(paid.body.id).lean();

    await service
      .webhook(
        paymentIntentEvent('payment_intent.succeeded', {
          orderId: order.id,
          id: payment!.stripeId,
        }),
      )
      .expect(200);

    expect(await service.payments.countDocuments({ orderId: order.id })).toBe(1);
    await service.eventsPublished();
    expect(publishedPaymentsOf(order.id)).toHaveLength(1);
  });

  it('when a success arrives for a cancelled order, then the charge is refunded and recorded, and the order stays cancelled', async () => {
    const user = testUser();
    const order = await service.createOrder(user);
    const intent = await service.pendingPayment(user, order.id);
    await service.bus.deliver(Subjects.OrderCancelled, {
      id: order.id,
      version: 1,
      ticket: { id: order.ticket.id },
    });

    await service
      .webhook(paymentIntentEvent('payment_intent.succeeded', { orderId: order.id, id: intent }))
      .expect(200);

    expect(service.provider.refunded.has(intent)).toBe(true);
    const payment = await service.payments.findOne({ orderId: order.id }).lean();
    expect(payment).toMatchObject({ status: PaymentStatus.Refunded, refundedAt: expect.any(Date) });
    expect(await service.refunds.findOne({ stripeId: intent }).lean()).toMatchObject({
      orderId: order.id,
      status: 'refunded',
      reason: RefundReason.OrderCancelled,
      amount: 1999,
      refundId: expect.stringMatching(/^re_/),
    });
    expect((await service.orders.findById(order.id))?.status).toBe(OrderStatus.Cancelled);
    expect(await service.paymentEventsOf(order.id)).toEqual([]);
  });

  it('when a 3-D Secure payment succeeds after another card paid the order, then it is refunded and the refund recorded', async () => {
    const user = testUser();
    const order = await service.createOrder(user);
    const pending = await service.pendingPayment(user, order.id);
    const paid = await service.pay(user, { orderId: order.id, token: 'tok_visa' }).expect(201);

    await service
      .webhook(paymentIntentEvent('payment_intent.succeeded', { orderId: order.id, id: pending }))
      .expect(200);

    expect((await service.payments.findById(paid.body.id).lean())?.status).toBe(
      PaymentStatus.Succeeded,
    );
    expect(service.provider.refunded.has(pending)).toBe(true);
    expect(await service.refunds.findOne({ stripeId: pending }).lean()).toMatchObject({
      orderId: order.id,
      status: 'refunded',
      reason: RefundReason.OrderAlreadyPaid,
      amount: 1999,
      currency: 'usd',
      refundId: expect.stringMatching(/^re_/),
    });
  });

  it.each([
    ['1 yen', { amount: 1, currency: 'jpy' }, RefundReason.WrongCurrency],
    ['1 cent', { amount: 1, currency: 'usd' }, RefundReason.WrongAmount],
    ['more than the price', { amount: 5000, currency: 'usd' }, RefundReason.WrongAmount],
  ])(
    "when a signed success of the order's own intent is for %s, then it is refunded and recorded, and the order is not paid",
    async (_case, money, reason) => {
      const user = testUser();
      const order = await service.createOrder(user);
      const intent = await service.pendingPayment(user, order.id);

      await service
        .webhook(
          paymentIntentEvent('payment_intent.succeeded', {
            orderId: order.id,
            id: intent,
            ...money,
          }),
        )
        .expect(200);

      expect(await service.paymentEventsOf(order.id)).toEqual([]);
      expect(await service.payments.exists({ orderId: order.id })).toBeNull();
      expect(service.provider.refunded.has(intent)).toBe(true);
      expect(await service.refunds.findOne({ stripeId: intent }).lean()).toMatchObject({
        orderId: order.id,
        reason,
        ...money,
      });
    },
  );

  it('when a signed success is for an intent this service did not create, then it is refunded and recorded, and the order is not paid', async () => {
    const user = testUser();
    const order = await service.createOrder(user);
    await service.pendingPayment(user, order.id);
    const event = paymentIntentEvent('payment_intent.succeeded', { orderId: order.id });

    await service.webhook(event).expect(200);

    expect(await service.paymentEventsOf(order.id)).toEqual([]);
    expect(await service.payments.exists({ orderId: order.id })).toBeNull();
    expect(service.provider.refunded.has(event.data.object.id)).toBe(true);
    expect(await service.refunds.findOne({ stripeId: event.data.object.id }).lean()).toMatchObject({
      orderId: order.id,
      reason: RefundReason.UnknownIntent,
      amount: 1999,
    });
    await service.pay(user, { orderId: order.id, token: 'tok_visa' }).expect(201);
  });

  it('when a signed success names another order than the one its intent was created for, then it is refunded and neither order is paid', async () => {
    const user = testUser();
    const [order, other] = [await service.createOrder(user), await service.createOrder(user)];
    const intent = await service.pendingPayment(user, order.id);

    await service
      .webhook(paymentIntentEvent('payment_intent.succeeded', { orderId: other.id, id: intent }))
      .expect(200);

    expect(await service.payments.exists({ orderId: { $in: [order.id, other.id] } })).toBeNull();
    expect(await service.refunds.findOne({ stripeId: intent }).lean()).toMatchObject({
      orderId: other.id,
      reason: RefundReason.UnknownIntent,
    });
  });

  it.each([
    ['without data.object', (event: WebhookEvent) => ({ ...event, data: {} }), 'data.object'],
    [
      'with an object as the order id',
      (event: WebhookEvent) => withIntent(event, { metadata: { orderId: { $ne: null } } }),
      'data.object.metadata.orderId',
    ],
    [
      'with an amount that is not a number',
      (event: WebhookEvent) => withIntent(event, { amount: '1999' }),
      'data.object.amount',
    ],
    ['that is not an object', () => null, ''],
  ])(
    'when a signed success arrives %s, then it answers 400 naming what is wrong and stores nothing',
    async (_case, malform, field) => {
      const order = await service.createOrder(testUser());
      const event = paymentIntentEvent('payment_intent.succeeded', { orderId: order.id });

      const res = await service.webhook(malform(event) as object);

      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        errors: [{ message: 'Malformed webhook event', ...(field ? { field } : {}) }],
      });
      expect(await service.payments.exists({ orderId: order.id })).toBeNull();
    },
  );

  it('when payment_intent.payment_failed arrives, then it is acknowledged and the order stays payable', async () => {
    const user = testUser();
    const order = await service.createOrder(user);

    await service
      .webhook(paymentIntentEvent('payment_intent.payment_failed', { orderId: order.id }))
      .expect(200);

    expect(await service.payments.exists({ orderId: order.id })).toBeNull();
    await service.pay(user, { orderId: order.id, token: 'tok_visa' }).expect(201);
  });

  it('when a success arrives without an order id (not ours), then it is acknowledged and nothing is stored or refunded', async () => {
    const event = paymentIntentEvent('payment_intent.succeeded', {});

    await service.webhook(event).expect(200);

    expect(await service.payments.exists({ stripeId: event.data.object.id })).toBeNull();
    expect(service.provider.refunded.has(event.data.object.id)).toBe(false);
  });

  it('when another event type arrives, then it is acknowledged and ignored', async () => {
    await service.webhook(paymentIntentEvent('charge.refunded', {})).expect(200);
  });
  it('when the body was tampered with after signing, then it answers 400 and stores nothing', async () => {
    const order = await service.createOrder(testUser());
    const event = paymentIntentEvent('payment_intent.succeeded', { orderId: order.id });

    const res = await service.webhook(event, { tamper: true });

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [{ message: 'Invalid webhook signature' }] });
    expect(await service.payments.exists({ orderId: order.id })).toBeNull();
  });

  it('when it was signed with another secret, then it answers 400 and stores nothing', async () => {
    const order = await service.createOrder(testUser());
    const event = paymentIntentEvent('payment_intent.succeeded', { orderId: order.id });

    const res = await service.webhook(event, { secret: 'whsec_someone_else' });

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [{ message: 'Invalid webhook signature' }] });
    expect(await service.payments.exists({ orderId: order.id })).toBeNull();
  });

  it('when the signature header is missing, then it answers 400', async () => {
    const res = await service
      .http()
      .post('/api/payments/webhook')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(paymentIntentEvent('payment_intent.succeeded', {})));

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [{ message: 'Invalid webhook signature' }] });
  });
});
