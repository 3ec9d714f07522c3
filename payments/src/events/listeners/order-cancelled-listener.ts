import {
  applyVersionedEvent,
  Listener,
  OrderStatus,
  Subjects,
  type OrderCancelledData,
} from '@ticketing/common';
import type { OrderModel } from '../../data/order-model';
import type { Payments } from '../../domain/payments';

/** Marks the copy cancelled, so it cannot be paid, and refunds a payment that beat the cancellation. */
export class OrderCancelledListener extends Listener<typeof Subjects.OrderCancelled> {
  readonly subject = Subjects.OrderCancelled;

  constructor(
    private readonly orders: OrderModel,
    private readonly payments: Payments,
  ) {
    super();
  }

  async onMessage(data: OrderCancelledData): Promise<void> {
    await applyVersionedEvent(
      this.orders,
      data.id,
      data.version,
      { status: OrderStatus.Cancelled },
      { what: 'order' },
    );
    // Also on a duplicate: the delivery that applied it may have failed before refunding.
    await this.payments.refundCancelledOrder(data.id);
  }
}
