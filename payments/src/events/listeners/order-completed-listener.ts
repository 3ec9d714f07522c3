import {
  applyVersionedEvent,
  Listener,
  OrderStatus,
  Subjects,
  type OrderCompletedData,
} from '@ticketing/common';
import type { OrderModel } from '../../data/order-model';

/** Marks the copy complete: a paid order cannot be paid again. */
export class OrderCompletedListener extends Listener<typeof Subjects.OrderCompleted> {
  readonly subject = Subjects.OrderCompleted;

  constructor(private readonly orders: OrderModel) {
    super();
  }

  async onMessage(data: OrderCompletedData): Promise<void> {
    await applyVersionedEvent(
      this.orders,
      data.id,
      data.version,
      { status: OrderStatus.Complete },
      { what: 'order' },
    );
  }
}
