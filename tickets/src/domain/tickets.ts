import {
  BadRequestError,
  changed,
  ForbiddenError,
  isObjectId,
  NotFoundError,
  OutboxWriter,
  Subjects,
  unchanged,
  type Decision,
  type EventsRecorded,
} from '@ticketing/common';
import {
  ticketEventData,
  type Ticket,
  type TicketDocument,
  type TicketModel,
} from '../data/ticket-model';

export interface TicketFields {
  title: string;
  price: number;
}

export interface TicketPage {
  tickets: TicketDocument[];
  /** The id of the last ticket of this page when more follow it. */
  lastId?: string;
}

/** What an order event did to its ticket, for the listeners to acknowledge or retry. */
export type ReservationOutcome =
  | 'applied'
  | 'already-applied'
  /** Another order holds the ticket; its cancel has not arrived yet. */
  | 'held-by-another'
  /** The order was released (cancelled) before: its event is late or redelivered. */
  | 'order-released'
  | 'unknown-ticket';

/** Orders remembered per ticket after their release; far more than can ever be in flight at once. */
const RELEASED_ORDERS_KEPT = 100;

export interface TicketsOptions {
  tickets: TicketModel;
  eventsRecorded: EventsRecorded;
}

/** Tickets for sale, independent of HTTP and of the bus. */
export class Tickets {
  private readonly tickets: TicketModel;
  private readonly writer: OutboxWriter<Ticket>;

  constructor({ tickets, eventsRecorded }: TicketsOptions) {
    this.tickets = tickets;
    this.writer = new OutboxWriter(tickets, {
      eventsRecorded,
      // Every change of a ticket is announced with the version its save writes.
      beforeSave: (ticket) =>
        ticket.recordEvent(Subjects.TicketUpdated, ticketEventData(ticket, ticket.version + 1)),
    });
  }

  async create(userId: string, fields: TicketFields): Promise<TicketDocument> {
    const ticket = new this.tickets({ ...fields, userId });
    ticket.recordEvent(Subjects.TicketCreated, ticketEventData(ticket, 0));
    await this.writer.insert(ticket);
    return ticket;
  }

  async get(ticketId: string): Promise<TicketDocument> {
    const ticket = isObjectId(ticketId) ? await this.tickets.findById(ticketId) : null;
    if (!ticket) throw new NotFoundError('Ticket not found');
    return ticket;
  }

  /** Tickets neither reserved nor sold, newest first, after the ticket `afterId` if given. */
  async listOnSale({ limit, afterId }: { limit: number; afterId?: string }): Promise<TicketPage> {
    const page = await this.tickets
      .find({ orderId: null, ...(afterId && { _id: { $lt: afterId } }) })
      .sort({ _id: -1 })
      .limit(limit + 1);
    const tickets = page.slice(0, limit);
    return page.length > limit ? { tickets, lastId: tickets.at(-1)!.id as string } : { tickets };
  }

  async update(ticketId: string, userId: string, fields: TicketFields): Promise<TicketDocument> {
    const updated = await this.writer.change(ticketId, (ticket) => {
      if (ticket.userId !== userId) throw new ForbiddenError('You can only edit your own tickets');
      if (ticket.orderId) throw new BadRequestError('Cannot edit a reserved ticket');
      ticket.set(fields);
      return changed(ticket);
    });
    if (!updated) throw new NotFoundError('Ticket not found');
    return updated;
  }

  /** order.created: the order holds the ticket until it is cancelled or for good once complete. */
  reserve(ticketId: string, orderId: string): Promise<ReservationOutcome> {
    return this.holdFor(ticketId, orderId);
  }

  /**
   * order.completed: the ticket is sold to the order. It normally holds it already; if its
   * order.created has not arrived yet, the completion is what takes the ticket off sale.
   */
  sell(ticketId: string, orderId: string): Promise<ReservationOutcome> {
    return this.holdFor(ticketId, orderId);
  }

  /** order.cancelled: frees the ticket, but only from that order (a stale cancel frees nothing). */
  async release(ticketId: string, orderId: string): Promise<ReservationOutcome> {
    const outcome = await this.writer.change(ticketId, (ticket): Decision<ReservationOutcome> => {
      if (ticket.releasedOrderIds.includes(orderId)) return unchanged('already-applied');
      // Remembered even when the order never held the ticket: its order.created may still come.
      ticket.releasedOrderIds = [...ticket.releasedOrderIds, orderId].slice(-RELEASED_ORDERS_KEPT);
      if (ticket.orderId === orderId) ticket.orderId = undefined;
      return changed('applied');
    });
    return outcome ?? 'unknown-ticket';
  }

  private async holdFor(ticketId: string, orderId: string): Promise<ReservationOutcome> {
    const outcome = await this.writer.change(ticketId, (ticket): Decision<ReservationOutcome> => {
      if (ticket.orderId === orderId) return unchanged('already-applied');
      if (ticket.releasedOrderIds.includes(orderId)) return unchanged('order-released');
      if (ticket.orderId) return unchanged('held-by-another');
      ticket.orderId = orderId;
      return changed('applied');
    });
    return outcome ?? 'unknown-ticket';
  }
}
