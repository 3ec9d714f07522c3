import { OrderStatus, Subjects } from '@ticketing/common';
import { testUser } from '@ticketing/common/testing';
import { PaymentStatus } from '../data/payment-model';
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

const publishedPaymentsOf = (orderId: string) =>
  service.bus.dataOf(Subjects.PaymentCreated).filter((p) => p.orderId === orderId);

describe('POST /api/payments/webhook', () => {
  it('when a signed payment_intent.succeeded arrives, then the payment is stored and payment.created published', async () => {
    const order = await service.createOrder(testUser());
    const event = paymentIntentEvent('payment_intent.succeeded', { orderId: order.id });

    const res = await service.webhook(event);

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: true });
    const payment = await service.payments.findOne({ orderId: order.id }).lean();
    expect(payment).toMatchObject({
      stripeId: event.data.object.id,
      amount: 1999,
      status: PaymentStatus.Succeeded,
    });
    await service.eventsPublished();
    expect(publishedPaymentsOf(order.id)).toEqual([
      { id: String(payment!._id), orderId: order.id, stripeId: event.data.object.id },
    ]);
  });

  it('when Stripe delivers the same event twice, then the payment is stored and published once', async () => {
    const order = await service.createOrder(testUser());
    const event = paymentIntentEvent('payment_intent.succeeded', { orderId: order.id });

    await service.webhook(event).expect(200);
    await service.webhook(event).expect(200);

    expect(await service.payments.countDocuments({ orderId: order.id })).toBe(1);
    await service.eventsPublished();
    expect(publishedPaymentsOf(order.id)).toHaveLength(1);
  });

  it('when a 3-D Secure payment answered 202 and then succeeds, then the webhook completes it and a retry is refused', async () => {
    const user = testUser();
    const order = await service.createOrder(user);
    await service
      .pay(user, { orderId: order.id, token: 'pm_card_authenticationRequired' })
      .expect(202);
    const [charge] = service.provider.charges.filter((c) => c.orderId === order.id);
    const outcome = await service.provider.inner.charge(charge!);
    if (outcome.status !== 'requires_action') throw new Error('expected a pending payment');

    await service
      .webhook(
        paymentIntentEvent('payment_intent.succeeded', { orderId: order.id, id: outcome.id }),
      )
      .expect(200);

    expect((await service.payments.findOne({ orderId: order.id }))?.stripeId).toBe(outcome.id);
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
    const order = await service.createOrder(testUser());
    await service.bus.deliver(Subjects.OrderCancelled, {
      id: order.id,
      version: 1,
      ticket: { id: order.ticket.id },
    });
    const event = paymentIntentEvent('payment_intent.succeeded', { orderId: order.id });

    await service.webhook(event).expect(200);

    expect(service.provider.refunded.has(event.data.object.id)).toBe(true);
    const payment = await service.payments.findOne({ orderId: order.id }).lean();
    expect(payment).toMatchObject({ status: PaymentStatus.Refunded, refundedAt: expect.any(Date) });
    expect((await service.orders.findById(order.id))?.status).toBe(OrderStatus.Cancelled);
    expect(await service.paymentEventsOf(order.id)).toEqual([]);
  });

  it('when payment_intent.payment_failed arrives, then it is acknowledged and the order stays payable', async () => {
    const user = testUser();
    const order = await service.createOrder(user);

    await service
      .webhook(paymentIntentEvent('payment_intent.payment_failed', { orderId: order.id }))
      .expect(200);

    expect(await service.payments.exists({ orderId: order.id })).toBeNull();
    await service.pay(user, { orderId: order.id, token: 'tok_visa' }).expect(201);
  });

  it.each([
    ['for an unknown order', { orderId: '64b7f0c2a1b2c3d4e5f60719' }],
    ['without an order id (not ours)', {}],
  ])(
    'when a success arrives %s, then it is acknowledged and nothing is stored',
    async (_case, intent) => {
      const event = paymentIntentEvent('payment_intent.succeeded', intent);

      await service.webhook(event).expect(200);

      expect(await service.payments.exists({ stripeId: event.data.object.id })).toBeNull();
    },
  );

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
