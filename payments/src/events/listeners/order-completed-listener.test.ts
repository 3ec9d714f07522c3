import { OrderStatus, Subjects } from '@ticketing/common';
import { testUser } from '@ticketing/common/testing';
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

describe('order.completed', () => {
  it('when the order completes, then its copy is complete and cannot be paid again', async () => {
    const user = testUser();
    const order = await service.createOrder(user);

    const outcome = await service.bus.deliver(Subjects.OrderCompleted, {
      id: order.id,
      version: 1,
      ticket: { id: order.ticket.id },
    });

    expect(outcome).toEqual({ action: 'ack' });
    expect((await service.orders.findById(order.id))?.status).toBe(OrderStatus.Complete);
    const res = await service.pay(user, { orderId: order.id, token: 'tok_visa' });
    expect(res.status).toBe(400);
  });

  it('when it arrives before the order is known, then it is retried', async () => {
    const order = orderCreatedData();

    const outcome = await service.bus.deliver(Subjects.OrderCompleted, {
      id: order.id,
      version: 1,
      ticket: { id: order.ticket.id },
    });

    expect(outcome.action).toBe('retry');
    expect(await service.orders.exists({ _id: order.id })).toBeNull();
  });
});
