import {
  applyVersionedCopy,
  type TicketCreatedData,
  type VersionedApplyResult,
} from '@ticketing/common';
import type { TicketCopyModel } from '../data/ticket-copy-model';

/** The tickets orders can be placed for: a copy of the tickets service's, in version order. */
export class TicketCatalogue {
  constructor(private readonly tickets: TicketCopyModel) {}

  /** Applies one version of a ticket (from ticket.created or ticket.updated) on its predecessor. */
  apply(ticket: TicketCreatedData): Promise<VersionedApplyResult> {
    return applyVersionedCopy(this.tickets, ticket.id, ticket.version, {
      title: ticket.title,
      price: ticket.price,
    });
  }
}
