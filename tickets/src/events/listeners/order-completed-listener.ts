import {
  Listener,
  Subjects,
  type Ignored,
  type Logger,
  type OrderCompletedData,
} from '@ticketing/common';
import type { Tickets } from '../../domain/tickets';
import { settleReservation } from './settle-reservation';

/** The order was paid: its ticket stays off sale for good. */
export class OrderCompletedListener extends Listener<typeof Subjects.OrderCompleted> {
  readonly subject = Subjects.OrderCompleted;

  constructor(
    private readonly tickets: Tickets,
    private readonly logger: Logger,
  ) {
    super();
  }

  async onMessage(data: OrderCompletedData): Promise<void | Ignored> {
    const outcome = await this.tickets.sell(data.ticket.id, data.id);
    return settleReservation(outcome, this.subject, data, this.logger);
  }
}
