import type { CurrentUser, Order, Ticket, TicketStatus } from '@ticketing/common/api';

/** Where a ticket stands for the person looking at it, which decides what its page offers them. */
export type TicketSituation =
  | { kind: 'on-sale'; signedIn: boolean }
  /** Someone else holds it; it is back on sale at `reservedUntil` unless they pay. */
  | { kind: 'reserved'; reservedUntil?: string }
  | { kind: 'sold' }
  /** The viewer's own order holds it and can still be paid. */
  | { kind: 'reserved-by-you'; order: Order }
  | { kind: 'bought-by-you'; order: Order }
  | { kind: 'your-listing'; status: TicketStatus; soldAt?: string };

/** Tickets of a service that predates `status` only say whether an order holds them. */
export const statusOf = (ticket: Pick<Ticket, 'status' | 'orderId'>): TicketStatus =>
  ticket.status ?? (ticket.orderId ? 'reserved' : 'on-sale');

/**
 * `ownOrder` is the order holding the ticket when it belongs to the viewer (the orders service
 * answers only its buyer), else null.
 */
export function ticketSituation(
  ticket: Ticket,
  user: CurrentUser | null,
  ownOrder: Order | null,
): TicketSituation {
  const status = statusOf(ticket);
  if (user && user.id === ticket.userId) {
    return { kind: 'your-listing', status, soldAt: ticket.soldAt };
  }
  if (ownOrder && ownOrder.ticket.id === ticket.id) {
    if (ownOrder.status === 'complete') return { kind: 'bought-by-you', order: ownOrder };
    if (ownOrder.status !== 'cancelled' && status !== 'on-sale') {
      return { kind: 'reserved-by-you', order: ownOrder };
    }
  }
  if (status === 'on-sale') return { kind: 'on-sale', signedIn: Boolean(user) };
  if (status === 'reserved') return { kind: 'reserved', reservedUntil: ticket.reservedUntil };
  return { kind: 'sold' };
}
