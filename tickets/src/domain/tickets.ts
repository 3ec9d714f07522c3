import {
  BadRequestError,
  ForbiddenError,
  NotFoundError,
  retryOnVersionConflict,
  Subjects,
  type ChangedDocument,
} from '@ticketing/common';
import {
  findTicketForChange,
  ticketEventData,
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

const isObjectId = (id: string) => /^[0-9a-f]{24}$/i.test(id);

interface Decision<R> {
  result: R;
  /** Whether the ticket was changed and must be saved with a ticket.updated of its new version. */
  changed: boolean;
}

/** Tickets for sale, independent of HTTP and of the bus. */
export class Tickets {
  constructor(
    private readonly tickets: TicketModel,
    /** Called after each write that queued events in the outbox, so they go out at once. */
    private readonly eventsRecorded: (ticket: ChangedDocument) => void,
  ) {}

  async create(userId: string, fields: TicketFields): Promise<TicketDocument> {
    const ticket = new this.tickets({ ...fields, userId });
    ticket.recordEvent(Subjects.TicketCreated, ticketEventData(ticket, 0));
    await ticket.save();
    this.eventsRecorded(ticket);
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
    const updated = await this.change(ticketId, (ticket) => {
      if (ticket.userId !== userId) throw new ForbiddenError('You can only edit your own tickets');
      if (ticket.orderId) throw new BadRequestError('Cannot edit a reserved ticket');
      ticket.set(fields);
      return { result: ticket, changed: true };
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
    const outcome = await this.change<ReservationOutcome>(ticketId, (ticket) => {
      if (ticket.releasedOrderIds.includes(orderId)) return unchanged('already-applied');
      // Remembered even when the order never held the ticket: its order.created may still come.
      ticket.releasedOrderIds = [...ticket.releasedOrderIds, orderId].slice(-RELEASED_ORDERS_KEPT);
      if (ticket.orderId === orderId) ticket.orderId = undefined;
      return { result: 'applied', changed: true };
    });
    return outcome ?? 'unknown-ticket';
  }

  private async holdFor(ticketId: string, orderId: string): Promise<ReservationOutcome> {
    const outcome = await this.change<ReservationOutcome>(ticketId, (ticket) => {
      if (ticket.orderId === orderId) return unchanged('already-applied');
      if (ticket.releasedOrderIds.includes(orderId)) return unchanged('order-released');
      if (ticket.orderId) return unchanged('held-by-another');
      ticket.orderId = orderId;
      return { result: 'applied', changed: true };
    });
    return outcome ?? 'unknown-ticket';
  }

  /**
   * Reads the ticket, lets `decide` change it, and saves the change together with the ticket.updated
   * of the version the save writes; the whole read-decide-save runs again if another writer won the
   * race. Resolves undefined for an unknown ticket.
   */
  private change<R>(
    ticketId: string,
    decide: (ticket: TicketDocument) => Decision<R>,
  ): Promise<R | undefined> {
    if (!isObjectId(ticketId)) return Promise.resolve(undefined);
    return retryOnVersionConflict(async () => {
      const ticket = await findTicketForChange(this.tickets, ticketId);
      if (!ticket) return undefined;
      const { result, changed } = decide(ticket);
      if (!changed) return result;
      ticket.recordEvent(Subjects.TicketUpdated, ticketEventData(ticket, ticket.version + 1));
      await ticket.save();
      this.eventsRecorded(ticket);
      return result;
    });
  }
}

const unchanged = <R>(result: R): Decision<R> => ({ result, changed: false });
