import {
  Listener,
  Subjects,
  type OrderCancelledData,
  type OrderCompletedData,
} from '@ticketing/common';
import type { ExpirationQueue } from '../../jobs/expiration-queue';

type SettledSubject = typeof Subjects.OrderCancelled | typeof Subjects.OrderCompleted;

/**
 * An order that is cancelled or paid can no longer expire: its pending job is removed so Redis does
 * not keep it and the orders service does not receive a pointless expiration.
 */
abstract class OrderSettledListener<S extends SettledSubject> extends Listener<S> {
  constructor(private readonly expirations: ExpirationQueue) {
    super();
  }

  async onMessage(data: OrderCancelledData | OrderCompletedData): Promise<void> {
    await this.expirations.release(data.id);
  }
}

export class OrderCancelledListener extends OrderSettledListener<typeof Subjects.OrderCancelled> {
  readonly subject = Subjects.OrderCancelled;
}

export class OrderCompletedListener extends OrderSettledListener<typeof Subjects.OrderCompleted> {
  readonly subject = Subjects.OrderCompleted;
}
