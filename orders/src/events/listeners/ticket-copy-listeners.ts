import {
  IGNORED,
  Listener,
  Subjects,
  type Ignored,
  type Logger,
  type TicketCreatedData,
  type TicketUpdatedData,
} from '@ticketing/common';
import type { TicketCatalogue } from '../../domain/ticket-catalogue';

/**
 * Applies a ticket version to the catalogue. An old version is a duplicate (IGNORED); one that
 * arrived before its predecessor, or before the ticket's creation, is redelivered until it applies.
 */
async function applyTicketVersion(
  catalogue: TicketCatalogue,
  ticket: TicketCreatedData,
  logger: Logger,
): Promise<void | Ignored> {
  const result = await catalogue.apply(ticket);
  const context = { ticketId: ticket.id, version: ticket.version, result };
  if (result === 'applied') {
    logger.info(context, 'ticket version applied');
    return;
  }
  logger.debug(context, 'ticket version already applied; ignored');
  return IGNORED;
}

export class TicketCreatedListener extends Listener<typeof Subjects.TicketCreated> {
  readonly subject = Subjects.TicketCreated;

  constructor(
    private readonly catalogue: TicketCatalogue,
    private readonly logger: Logger,
  ) {
    super();
  }

  onMessage(data: TicketCreatedData): Promise<void | Ignored> {
    return applyTicketVersion(this.catalogue, data, this.logger);
  }
}

export class TicketUpdatedListener extends Listener<typeof Subjects.TicketUpdated> {
  readonly subject = Subjects.TicketUpdated;

  constructor(
    private readonly catalogue: TicketCatalogue,
    private readonly logger: Logger,
  ) {
    super();
  }

  onMessage(data: TicketUpdatedData): Promise<void | Ignored> {
    return applyTicketVersion(this.catalogue, data, this.logger);
  }
}
