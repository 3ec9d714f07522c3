import {
  Listener,
  Subjects,
  type Ignored,
  type Logger,
  type OrderCancelledData,
} from '@ticketing/common';
import type { Tickets } from '../../domain/tickets';
import { settleReservation } from './settle-reservation';

/** Puts the ticket back on sale, if this order is the one holding it. */
export class OrderCancelledListener extends Listener<typeof Subjects.OrderCancelled> {
  readonly subject = Subjects.OrderCancelled;

  constructor(
    private readonly tickets: Tickets,
    private readonly logger: Logger,
  ) {
    super();
  }

  async onMessage(data: OrderCancelledData): Promise<void | Ignored> {
    const outcome = await this.tickets.release(data.ticket.id, data.id);
    return settleReservation(outcome, this.subject, data, this.logger);
  }
}
