import {
  BadRequestError,
  changed,
  isDuplicateKeyError,
  isObjectId,
  NotFoundError,
  OrderStatus,
  OutboxWriter,
  Subjects,
  unchanged,
  type Decision,
  type EventsRecorded,
} from '@ticketing/common';
import type { Order, OrderDocument, OrderModel } from '../data/order-model';
import type { TicketCopyModel } from '../data/ticket-copy-model';

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
}

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

  /** The user's orders, newest first. */
  listFor(userId: string): Promise<OrderDocument[]> {
    return this.options.orders.find({ userId }).sort({ _id: -1 });
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
      cancel(order);
      return changed('cancelled');
    });
    if (!outcome) throw new NotFoundError('Order not found');
  }

  /** expiration.complete: an order not paid in time is cancelled; a paid one stays complete. */
  async expire(orderId: string): Promise<TransitionOutcome> {
    const outcome = await this.writer.change(orderId, (order): Decision<TransitionOutcome> => {
      if (order.status === OrderStatus.Cancelled) return unchanged('already-applied');
      if (order.status === OrderStatus.Complete) return unchanged('final');
      cancel(order);
      return changed('applied');
    });
    return outcome ?? 'unknown-order';
  }

  /** payment.created: the order is complete, unless it was cancelled first (then it is refunded). */
  async completePayment(orderId: string): Promise<TransitionOutcome> {
    const outcome = await this.writer.change(orderId, (order): Decision<TransitionOutcome> => {
      if (order.status === OrderStatus.Complete) return unchanged('already-applied');
      if (order.status === OrderStatus.Cancelled) return unchanged('final');
      order.status = OrderStatus.Complete;
      order.recordEvent(Subjects.OrderCompleted, orderRef(order));
      return changed('applied');
    });
    return outcome ?? 'unknown-order';
  }
}

/** Cancels the order and frees its ticket for another order. */
function cancel(order: OrderDocument): void {
  order.status = OrderStatus.Cancelled;
  order.activeTicketId = undefined;
  order.recordEvent(Subjects.OrderCancelled, orderRef(order));
}

/** The payload of order.cancelled and order.completed, as of the version the pending save writes. */
const orderRef = (order: OrderDocument) => ({
  id: order.id as string,
  version: order.version + 1,
  ticket: { id: order.ticket.id },
});
