import {
  Listener,
  Subjects,
  type Ignored,
  type Logger,
  type OrderCreatedData,
} from '@ticketing/common';
import type { Tickets } from '../../domain/tickets';
import { settleReservation } from './settle-reservation';

/** Reserves the ticket for the new order. */
export class OrderCreatedListener extends Listener<typeof Subjects.OrderCreated> {
  readonly subject = Subjects.OrderCreated;

  constructor(
    private readonly tickets: Tickets,
    private readonly logger: Logger,
  ) {
    super();
  }

  async onMessage(data: OrderCreatedData): Promise<void | Ignored> {
    const outcome = await this.tickets.reserve(data.ticket.id, data.id, new Date(data.expiresAt));
    return settleReservation(outcome, this.subject, data, this.logger);
  }
}
