import {
  IGNORED,
  RetryLaterError,
  type Ignored,
  type Logger,
  type Subject,
} from '@ticketing/common';
import type { ReservationOutcome } from '../../domain/tickets';

/**
 * Acknowledges an order event by returning (IGNORED when it changed nothing), or has it redelivered
 * by throwing. Only a ticket held by another order is worth waiting for (that order's cancel is on
 * its way); every other outcome is final, and redelivering it could never change it.
 */
export function settleReservation(
  outcome: ReservationOutcome,
  subject: Subject,
  order: { id: string; ticket: { id: string } },
  logger: Logger,
): void | Ignored {
  const context = { subject, orderId: order.id, ticketId: order.ticket.id, outcome };
  switch (outcome) {
    case 'applied':
      logger.info(context, 'order event applied to its ticket');
      return;
    case 'already-applied':
      logger.debug(context, 'order event already applied; ignored');
      return IGNORED;
    case 'order-released':
      logger.info(context, 'order event of an order released before; ignored');
      return IGNORED;
    case 'ticket-sold':
      logger.warn(context, 'order event that would change a sold ticket; ignored');
      return IGNORED;
    case 'unknown-ticket':
      // Tickets is where tickets are created: an order for one it never had cannot be repaired here.
      logger.warn(context, 'order event for an unknown ticket; ignored');
      return IGNORED;
    case 'held-by-another':
      throw new RetryLaterError(`ticket ${order.ticket.id} is held by another order`);
  }
}
