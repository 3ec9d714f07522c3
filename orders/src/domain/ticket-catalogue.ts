import {
  applyVersionedEvent,
  type TicketCreatedData,
  type VersionedEventResult,
} from '@ticketing/common';
import type { TicketCopyModel } from '../data/ticket-copy-model';

/** The tickets orders can be placed for: a copy of the tickets service's, in version order. */
export class TicketCatalogue {
  constructor(private readonly tickets: TicketCopyModel) {}

  /**
   * Applies one version of a ticket (from ticket.created or ticket.updated) on its predecessor;
   * throws `RetryLaterError` when it arrived before that predecessor or before the ticket's creation.
   */
  apply(ticket: TicketCreatedData): Promise<VersionedEventResult> {
    return applyVersionedEvent(
      this.tickets,
      ticket.id,
      ticket.version,
      { title: ticket.title, price: ticket.price, sellerId: ticket.userId },
      { what: 'ticket' },
    );
  }
}
