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

describe('order.created', () => {
  it('when an order is created, then its copy holds the owner, status, price and expiry', async () => {
    const user = testUser();
    const order = orderCreatedData(user, { ticket: { id: 'ticket-1', price: 42.5 } });

    const outcome = await service.bus.deliver(Subjects.OrderCreated, order);

    expect(outcome).toEqual({ action: 'ack' });
    expect(await service.orders.findById(order.id).lean()).toEqual({
      _id: order.id,
      version: 0,
      userId: user.id,
      status: OrderStatus.Created,
      price: 42.5,
      expiresAt: new Date(order.expiresAt),
    });
  });

  it('when the event is delivered again, then it is acknowledged and the copy is unchanged', async () => {
    const order = orderCreatedData();
    await service.bus.deliver(Subjects.OrderCreated, order);
    await service.bus.deliver(Subjects.OrderCancelled, {
      id: order.id,
      version: 1,
      ticket: { id: order.ticket.id },
    });

    const outcome = await service.bus.deliver(Subjects.OrderCreated, order, { deliveryCount: 2 });

    expect(outcome).toEqual({ action: 'ack' });
    expect(await service.orders.findById(order.id).lean()).toMatchObject({
      version: 1,
      status: OrderStatus.Cancelled,
    });
  });
});
