import { Types, type QueryFilter } from 'mongoose';
import {
  BadRequestError,
  changed,
  ForbiddenError,
  isObjectId,
  NotFoundError,
  OutboxWriter,
  Subjects,
  TicketStatus,
  unchanged,
  type Decision,
  type EventsRecorded,
} from '@ticketing/common';
import { ticketDetailNames, type Ticket as TicketView } from '@ticketing/common/api';
import {
  TICKET_VIEW_FIELDS,
  ticketEventData,
  ticketQueries,
  ticketView,
  type StoredTicket,
  type Ticket,
  type TicketDetails,
  type TicketDocument,
  type TicketModel,
} from '../data/ticket-model';

/** A new ticket: its title and price, and the details the seller gave. */
export interface TicketFields extends TicketDetails {
  title: string;
  price: number;
}

/**
 * An edit: title and price always; a detail left out keeps its value, a detail given as null is
 * cleared (so a client that knows only title and price never erases what another one set).
 */
export type TicketEdit = Pick<TicketFields, 'title' | 'price'> & {
  [K in keyof TicketDetails]?: TicketDetails[K] | null;
};

export interface Paging {
  limit: number;
  /** The page starts after this ticket (the last of the previous page). */
  afterId?: string;
}

export interface TicketPage {
  tickets: TicketView[];
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
  /**
   * The ticket is sold, which is final: neither a cancel of its order (which orders never sends)
   * nor another order's completion changes it.
   */
  | 'ticket-sold'
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
    // Set here rather than by the save, since the ticket.created recorded before it carries it.
    const ticket = new this.tickets({ ...fields, userId, createdAt: new Date() });
    ticket.recordEvent(Subjects.TicketCreated, ticketEventData(ticket, 0));
    await this.writer.insert(ticket);
    return ticket;
  }

  async get(ticketId: string): Promise<TicketView> {
    // The driver's own findOne: with a mongoose query around it (casting, options, middleware) a
    // read cost 206-237 µs of CPU instead of 189-190, measured side by side (README, Performance).
    const ticket = isObjectId(ticketId)
      ? await this.tickets.collection.findOne<StoredTicket>(
          { _id: new Types.ObjectId(ticketId) },
          { projection: TICKET_VIEW_FIELDS },
        )
      : null;
    if (!ticket) throw new NotFoundError('Ticket not found');
    return ticketView(ticket);
  }

  /** Tickets neither reserved nor sold, newest first, after the ticket `afterId` if given. */
  listOnSale(paging: Paging): Promise<TicketPage> {
    return this.pageOf({ status: TicketStatus.OnSale }, paging);
  }

  /** Every ticket the seller listed, whatever its status, newest first (the `userId, _id` index). */
  listBySeller(userId: string, paging: Paging): Promise<TicketPage> {
    return this.pageOf({ userId }, paging);
  }

  async update(ticketId: string, userId: string, edit: TicketEdit): Promise<TicketDocument> {
    const updated = await this.writer.change(ticketId, (ticket) => {
      if (ticket.userId !== userId) throw new ForbiddenError('You can only edit your own tickets');
      if (ticket.soldAt) throw new BadRequestError('Cannot edit a sold ticket');
      if (ticket.orderId) throw new BadRequestError('Cannot edit a reserved ticket');
      ticket.set({ title: edit.title, price: edit.price });
      for (const detail of ticketDetailNames) {
        const value = edit[detail];
        // Setting undefined unsets the field in the database.
        if (value !== undefined) ticket.set(detail, value ?? undefined);
      }
      return changed(ticket);
    });
    if (!updated) throw new NotFoundError('Ticket not found');
    return updated;
  }

  /**
   * order.created: the order holds the ticket until it is cancelled or for good once complete;
   * `reservedUntil` is when it runs out unless paid.
   */
  async reserve(
    ticketId: string,
    orderId: string,
    reservedUntil: Date,
  ): Promise<ReservationOutcome> {
    const outcome = await this.writer.change(ticketId, (ticket): Decision<ReservationOutcome> => {
      const held = this.hold(ticket, orderId);
      if (held === 'applied') ticket.reservedUntil = reservedUntil;
      return held === 'applied' ? changed(held) : unchanged(held);
    });
    return outcome ?? 'unknown-ticket';
  }

  /**
   * order.completed: the ticket is sold to the order, a new version that says so. The order normally
   * holds it already; if its order.created has not arrived yet, the completion is what takes the
   * ticket off sale.
   */
  async sell(ticketId: string, orderId: string): Promise<ReservationOutcome> {
    const outcome = await this.writer.change(ticketId, (ticket): Decision<ReservationOutcome> => {
      if (ticket.soldAt) {
        return unchanged(ticket.orderId === orderId ? 'already-applied' : 'ticket-sold');
      }
      const held = this.hold(ticket, orderId);
      if (held !== 'applied' && held !== 'already-applied') return unchanged(held);
      ticket.soldAt = new Date();
      return changed('applied');
    });
    return outcome ?? 'unknown-ticket';
  }

  /** order.cancelled: frees the ticket, but only from that order (a stale cancel frees nothing). */
  async release(ticketId: string, orderId: string): Promise<ReservationOutcome> {
    const outcome = await this.writer.change(ticketId, (ticket): Decision<ReservationOutcome> => {
      if (ticket.releasedOrderIds.includes(orderId)) return unchanged('already-applied');
      if (ticket.soldAt && ticket.orderId === orderId) return unchanged('ticket-sold');
      // Remembered even when the order never held the ticket: its order.created may still come.
      ticket.releasedOrderIds = [...ticket.releasedOrderIds, orderId].slice(-RELEASED_ORDERS_KEPT);
      if (ticket.orderId === orderId) {
        ticket.orderId = undefined;
        ticket.reservedUntil = undefined;
      }
      return changed('applied');
    });
    return outcome ?? 'unknown-ticket';
  }

  private async pageOf(filter: QueryFilter<Ticket>, paging: Paging): Promise<TicketPage> {
    const page = await ticketQueries.page(this.tickets, filter, paging).lean();
    const tickets = page.slice(0, paging.limit).map(ticketView);
    return page.length > paging.limit ? { tickets, lastId: tickets.at(-1)!.id } : { tickets };
  }

  /** Lets the order hold the ticket if nothing else does; changes the ticket only when 'applied'. */
  private hold(ticket: TicketDocument, orderId: string): ReservationOutcome {
    if (ticket.orderId === orderId) return 'already-applied';
    if (ticket.releasedOrderIds.includes(orderId)) return 'order-released';
    if (ticket.orderId) return 'held-by-another';
    ticket.orderId = orderId;
    return 'applied';
  }
}
