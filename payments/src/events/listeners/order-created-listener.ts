import { applyVersionedEvent, Listener, Subjects, type OrderCreatedData } from '@ticketing/common';
import type { OrderModel } from '../../data/order-model';

/** Keeps a copy of each order: whose it is, its status, the price to charge and until when. */
export class OrderCreatedListener extends Listener<typeof Subjects.OrderCreated> {
  readonly subject = Subjects.OrderCreated;

  constructor(private readonly orders: OrderModel) {
    super();
  }

  async onMessage(data: OrderCreatedData): Promise<void> {
    await applyVersionedEvent(
      this.orders,
      data.id,
      data.version,
      {
        userId: data.userId,
        status: data.status,
        price: data.ticket.price,
        expiresAt: new Date(data.expiresAt),
      },
      { what: 'order' },
    );
  }
}
