import { Listener, Subjects, type OrderCreatedData } from '@ticketing/common';
import type { ExpirationQueue } from '../../jobs/expiration-queue';

/** Schedules the order's expiration at its `expiresAt` (at once if that has passed already). */
export class OrderCreatedListener extends Listener<typeof Subjects.OrderCreated> {
  readonly subject = Subjects.OrderCreated;

  constructor(private readonly expirations: ExpirationQueue) {
    super();
  }

  async onMessage(data: OrderCreatedData): Promise<void> {
    await this.expirations.schedule(data.id, new Date(data.expiresAt));
  }
}
