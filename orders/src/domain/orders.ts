import {
  BadRequestError,
  changed,
  ConflictError,
  ForbiddenError,
  isDuplicateKeyError,
  isObjectId,
  NotFoundError,
  OrderStatus,
  OutboxWriter,
  pageFrom,
  Subjects,
  unchanged,
  type Decision,
  type EventsRecorded,
  type OrderCancelReason,
  type Page,
  type PageRequest,
} from '@ticketing/common';
import type { Order as OrderView, VerifyTicketResponse } from '@ticketing/common/api';
import {
  orderView,
  type Order,
  type OrderDocument,
  type OrderModel,
  type StoredReceipt,
} from '../data/order-model';
import type { TicketCopyModel } from '../data/ticket-copy-model';
import type { ETicketCodes } from './e-tickets';

/** What an event did to its order, for the listeners to log. */
export type TransitionOutcome =
  | 'applied'
  | 'already-applied'
  /** The order had already reached the other final status; it stays there. */
  | 'final'
  | 'unknown-order';

export interface OrdersOptions {
  orders: OrderModel;
  tickets: TicketCopyModel;
  eventsRecorded: EventsRecorded;
  expirationWindowSeconds: number;
  eTickets: ETicketCodes;
}

export const INVALID_ETICKET = 'This is not a valid e-ticket code';
export const NOT_THE_SELLER = 'Only the seller of this ticket can verify its e-tickets';
export const UNPAID_ETICKET = "This e-ticket's order is not paid: it admits nobody";

/**
 * Orders and their status machine, independent of HTTP and of the bus: `created` (or
 * `awaiting:payment`) → `cancelled` | `complete`, both final. Every change bumps the order's version
 * and records its event in the same save.
 */
export class Orders {
  private readonly writer: OutboxWriter<Order>;

  constructor(private readonly options: OrdersOptions) {
    this.writer = new OutboxWriter(options.orders, { eventsRecorded: options.eventsRecorded });
  }

  async place(userId: string, ticketId: string): Promise<OrderDocument> {
    const ticket = await this.options.tickets.findById(ticketId);
    if (!ticket) throw new NotFoundError('Ticket not found');
    if (ticket.sellerId === userId) throw new BadRequestError('You cannot buy your own ticket');
    const expiresAt = new Date(Date.now() + this.options.expirationWindowSeconds * 1000);
    const order = new this.options.orders({
      userId,
      status: OrderStatus.Created,
      expiresAt,
      ticket: { id: ticket._id, title: ticket.title, price: ticket.price },
      activeTicketId: ticket._id,
    });
    order.recordEvent(Subjects.OrderCreated, {
      id: order.id as string,
      version: 0,
      status: order.status,
      userId,
      expiresAt: expiresAt.toISOString(),
      ticket: { id: ticket._id, price: ticket.price },
    });
    try {
      await this.writer.insert(order);
    } catch (err) {
      // The unique active-ticket index decides between simultaneous orders of one ticket.
      if (isDuplicateKeyError(err)) throw new BadRequestError('Ticket is already reserved');
      throw err;
    }
    return order;
  }

  /** A page of the user's orders, newest first, after the order `afterId` if given. */
  async listFor(userId: string, { limit, afterId }: PageRequest): Promise<Page<OrderDocument>> {
    const found = await this.options.orders
      .find({ userId, ...(afterId && { _id: { $lt: afterId } }) })
      .sort({ _id: -1 })
      .limit(limit + 1);
    return pageFrom(found as (OrderDocument & { id: string })[], limit);
  }

  /** The order as its buyer sees it: with the e-ticket once it is paid. */
  buyersView(order: OrderDocument): OrderView {
    const view = orderView(order);
    if (order.status !== OrderStatus.Complete) return view;
    return { ...view, eTicketCode: this.options.eTickets.sign(eTicketClaim(order)) };
  }

  /** The user's order; someone else's is reported as not found, so its existence is not revealed. */
  async getFor(userId: string, orderId: string): Promise<OrderDocument> {
    const order = isObjectId(orderId) ? await this.options.orders.findById(orderId) : null;
    if (!order || order.userId !== userId) throw new NotFoundError('Order not found');
    return order;
  }

  /** The buyer cancels: fine until paid; cancelling a cancelled order changes nothing. */
  async cancelFor(userId: string, orderId: string): Promise<void> {
    const outcome = await this.writer.change(orderId, (order) => {
      if (order.userId !== userId) throw new NotFoundError('Order not found');
      if (order.status === OrderStatus.Complete) {
        throw new BadRequestError('Cannot cancel a completed order');
      }
      if (order.status === OrderStatus.Cancelled) return unchanged('already-cancelled');
      cancel(order, 'cancelled-by-buyer');
      return changed('cancelled');
    });
    if (!outcome) throw new NotFoundError('Order not found');
  }

  /** expiration.complete: an order not paid in time is cancelled; a paid one stays complete. */
  async expire(orderId: string): Promise<TransitionOutcome> {
    const outcome = await this.writer.change(orderId, (order): Decision<TransitionOutcome> => {
      if (order.status === OrderStatus.Cancelled) return unchanged('already-applied');
      if (order.status === OrderStatus.Complete) return unchanged('final');
      cancel(order, 'expired');
      return changed('applied');
    });
    return outcome ?? 'unknown-order';
  }

  /**
   * payment.created: the order is complete, with its receipt when the event carries one, unless it
   * was cancelled first (then it is refunded).
   */
  async completePayment(orderId: string, receipt?: StoredReceipt): Promise<TransitionOutcome> {
    const outcome = await this.writer.change(orderId, (order): Decision<TransitionOutcome> => {
      if (order.status === OrderStatus.Complete) return unchanged('already-applied');
      if (order.status === OrderStatus.Cancelled) return unchanged('final');
      order.status = OrderStatus.Complete;
      if (receipt) order.receipt = receipt;
      order.recordEvent(Subjects.OrderCompleted, orderRef(order));
      return changed('applied');
    });
    return outcome ?? 'unknown-order';
  }

  /**
   * The seller scans an e-ticket at the door: the first scan of a paid order's code admits (and
   * marks it used, atomically: of two scans at once exactly one is `valid`), every later one
   * answers `already-used` with the first scan's time.
   */
  async verifyETicket(userId: string, code: string): Promise<VerifyTicketResponse> {
    const claim = this.options.eTickets.read(code);
    const order = claim && (await this.options.orders.findById(claim.orderId));
    // A genuine code names its order's own ticket; anything else is not ours.
    if (!order || order.ticket.id !== claim.ticketId)
      throw new BadRequestError(INVALID_ETICKET, 'code');
    const ticket = await this.options.tickets.findById(order.ticket.id);
    if (!ticket || ticket.sellerId !== userId) throw new ForbiddenError(NOT_THE_SELLER);
    if (order.status !== OrderStatus.Complete) throw new ConflictError(UNPAID_ETICKET);

    const scannedAt = new Date();
    const marked = await this.options.orders.updateOne(
      { _id: order._id, status: OrderStatus.Complete, eTicketUsedAt: { $exists: false } },
      { $set: { eTicketUsedAt: scannedAt } },
    );
    const firstScan = marked.modifiedCount === 1;
    const usedAt = firstScan
      ? scannedAt
      : (await this.options.orders.findById(order._id))?.eTicketUsedAt;
    if (!usedAt) throw new Error(`order ${order.id as string} lost its e-ticket scan`);
    return {
      result: firstScan ? 'valid' : 'already-used',
      orderId: order.id as string,
      ticketId: order.ticket.id,
      ticketTitle: order.ticket.title,
      firstUsedAt: usedAt.toISOString(),
    };
  }
}

/** Cancels the order and frees its ticket for another order. */
function cancel(order: OrderDocument, reason: OrderCancelReason): void {
  order.status = OrderStatus.Cancelled;
  order.cancelReason = reason;
  order.activeTicketId = undefined;
  order.recordEvent(Subjects.OrderCancelled, { ...orderRef(order), reason });
}

const eTicketClaim = (order: OrderDocument) => ({
  orderId: order.id as string,
  ticketId: order.ticket.id,
});

/** The payload of order.cancelled and order.completed, as of the version the pending save writes. */
const orderRef = (order: OrderDocument) => ({
  id: order.id as string,
  version: order.version + 1,
  ticket: { id: order.ticket.id },
});
