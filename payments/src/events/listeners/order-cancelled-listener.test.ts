import { OrderStatus, Subjects } from '@ticketing/common';
import { testUser } from '@ticketing/common/testing';
import { PaymentStatus } from '../../data/payment-model';
import {
  orderCreatedData,
  startTestPaymentsService,
  type TestPaymentsService,
} from '../../test/payments-test-service';

let service: TestPaymentsService;
beforeAll(async () => {
  service = await startTestPaymentsService();
});
afterAll(() => service.stop());

const cancelled = (order: { id: string; ticket: { id: string } }, version = 1) => ({
  id: order.id,
  version,
  ticket: { id: order.ticket.id },
});

describe('order.cancelled', () => {
  it('when the order is cancelled, then its copy is cancelled and cannot be paid', async () => {
    const user = testUser();
    const order = await service.createOrder(user);

    const outcome = await service.bus.deliver(Subjects.OrderCancelled, cancelled(order));

    expect(outcome).toEqual({ action: 'ack' });
    expect(await service.orders.findById(order.id).lean()).toMatchObject({
      version: 1,
      status: OrderStatus.Cancelled,
    });
  });

  it('when it arrives before order.created, then it is retried and applied once the order is known', async () => {
    const order = orderCreatedData();

    const early = await service.bus.deliver(Subjects.OrderCancelled, cancelled(order));
    await service.bus.deliver(Subjects.OrderCreated, order);
    const redelivered = await service.bus.deliver(Subjects.OrderCancelled, cancelled(order), {
      deliveryCount: 2,
    });

    expect(early).toEqual({ action: 'retry', delayMs: expect.any(Number) });
    expect(redelivered).toEqual({ action: 'ack' });
    expect((await service.orders.findById(order.id))?.status).toBe(OrderStatus.Cancelled);
  });

  it('when it skips a version, then it is retried and the copy is unchanged', async () => {
    const order = await service.createOrder(testUser());

    const outcome = await service.bus.deliver(Subjects.OrderCancelled, cancelled(order, 2));

    expect(outcome.action).toBe('retry');
    expect(await service.orders.findById(order.id).lean()).toMatchObject({
      version: 0,
      status: OrderStatus.Created,
    });
  });

  it('when the order was paid before the cancellation arrived, then the payment is refunded and recorded', async () => {
    const user = testUser();
    const order = await service.createOrder(user);
    const paid = await service.pay(user, { orderId: order.id, token: 'tok_visa' }).expect(201);

    const outcome = await service.bus.deliver(Subjects.OrderCancelled, cancelled(order));

    expect(outcome).toEqual({ action: 'ack' });
    const payment = await service.payments.findById(paid.body.id).lean();
    expect(payment).toMatchObject({ status: PaymentStatus.Refunded, refundedAt: expect.any(Date) });
    expect(service.provider.refunded.has(payment!.stripeId)).toBe(true);
    expect((await service.orders.findById(order.id))?.status).toBe(OrderStatus.Cancelled);
  });

  it('when the refund fails, then the event is retried and the redelivery refunds', async () => {
    const user = testUser();
    const order = await service.createOrder(user);
    const paid = await service.pay(user, { orderId: order.id, token: 'tok_visa' }).expect(201);
    const refund = jest
      .spyOn(service.provider, 'refund')
      .mockRejectedValueOnce(new Error('Stripe unavailable'));
    try {
      const failed = await service.bus.deliver(Subjects.OrderCancelled, cancelled(order));
      const redelivered = await service.bus.deliver(Subjects.OrderCancelled, cancelled(order), {
        deliveryCount: 2,
      });

      expect(failed.action).toBe('retry');
      expect(redelivered).toEqual({ action: 'ack' });
    } finally {
      refund.mockRestore();
    }
    expect((await service.payments.findById(paid.body.id))?.status).toBe(PaymentStatus.Refunded);
  });
});
