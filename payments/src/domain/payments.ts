import {
  BadRequestError,
  isDuplicateKeyError,
  NotFoundError,
  OrderStatus,
  PaymentFailedError,
  OutboxWriter,
  Subjects,
  type EventsRecorded,
  type Logger,
} from '@ticketing/common';
import type { OrderModel } from '../data/order-model';
import {
  PaymentStatus,
  type Payment,
  type PaymentDocument,
  type PaymentModel,
} from '../data/payment-model';
import { toCents } from './amount';
import type { PaymentProvider } from './payment-provider';

export const ORDER_NOT_FOUND = 'Order not found';
export const CANCELLED_ORDER = 'Cannot pay for a cancelled order';
export const ALREADY_PAID = 'Order is already paid';
export const CANCELLED_WHILE_PAYING =
  'The order was cancelled while it was being paid; the payment has been refunded';

export type PayResult =
  | { status: 'paid'; payment: PaymentDocument }
  | { status: 'requires_action'; clientSecret: string };

/** A charge the provider reports as succeeded, from the synchronous answer or a webhook. */
export interface SucceededCharge {
  orderId: string;
  /** The provider's id of the payment (a Stripe PaymentIntent). */
  stripeId: string;
  /** In cents. */
  amount: number;
}

export type Settlement =
  | { status: 'paid'; payment: PaymentDocument }
  | { status: 'refunded'; reason: 'order-cancelled' | 'order-already-paid' }
  | { status: 'unknown-order' };

export interface PaymentsDeps {
  orders: OrderModel;
  payments: PaymentModel;
  provider: PaymentProvider;
  logger: Logger;
  eventsRecorded: EventsRecorded;
}

/**
 * Paying for orders, independent of HTTP. An order is charged successfully at most once: a retried
 * request replays the provider's first answer, the unique order id of payments decides between
 * racing charges (the loser is refunded), and a charge that completes for an order cancelled
 * meanwhile is refunded.
 */
export class Payments {
  private readonly log: Logger;
  private readonly writer: OutboxWriter<Payment>;

  constructor(private readonly deps: PaymentsDeps) {
    this.log = deps.logger.child({ component: 'payments' });
    this.writer = new OutboxWriter(deps.payments, { eventsRecorded: deps.eventsRecorded });
  }

  async pay(userId: string, orderId: string, token: string): Promise<PayResult> {
    const order = await this.deps.orders.findById(orderId).lean();
    // Someone else's order is answered like an unknown one: whether it exists is theirs to know.
    if (!order || order.userId !== userId) throw new NotFoundError(ORDER_NOT_FOUND);
    if (order.status === OrderStatus.Cancelled) throw new BadRequestError(CANCELLED_ORDER);
    if (order.status === OrderStatus.Complete || (await this.deps.payments.exists({ orderId }))) {
      throw new BadRequestError(ALREADY_PAID);
    }
    const amount = toCents(order.price);
    const outcome = await this.deps.provider.charge({ orderId, amount, token });
    switch (outcome.status) {
      case 'declined':
        throw new PaymentFailedError(outcome.message);
      case 'requires_action':
        return { status: 'requires_action', clientSecret: outcome.clientSecret };
      case 'succeeded':
        break;
    }
    const settlement = await this.settle({ orderId, stripeId: outcome.id, amount });
    switch (settlement.status) {
      case 'paid':
        return settlement;
      case 'refunded':
        throw new BadRequestError(
          settlement.reason === 'order-cancelled' ? CANCELLED_WHILE_PAYING : ALREADY_PAID,
        );
      case 'unknown-order':
        throw new NotFoundError(ORDER_NOT_FOUND);
    }
  }

  /**
   * Records a succeeded charge and publishes payment.created, or refunds it when the order cannot
   * take it. Idempotent: the same charge may be reported by the answer and by the webhook.
   */
  async settle(charge: SucceededCharge): Promise<Settlement> {
    const { orderId, stripeId } = charge;
    const order = await this.deps.orders.findById(orderId).lean();
    if (!order) {
      this.log.warn({ orderId, stripeId }, 'succeeded charge for an unknown order');
      return { status: 'unknown-order' };
    }
    if (order.status === OrderStatus.Cancelled) {
      await this.refundUnrecordedCharge(charge);
      return { status: 'refunded', reason: 'order-cancelled' };
    }
    const payment = new this.deps.payments({ ...charge, status: PaymentStatus.Succeeded });
    payment.recordEvent(Subjects.PaymentCreated, { id: payment.id as string, orderId, stripeId });
    try {
      await this.writer.insert(payment);
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      return this.settleAgainstExistingPayment(charge);
    }
    // The cancellation may have been applied after the check above. The cancel listener looks for
    // payments after applying it, so one of the two sees the other's write and refunds.
    const now = await this.deps.orders.findById(orderId).lean();
    if (now?.status === OrderStatus.Cancelled) {
      await this.refund(payment);
      return { status: 'refunded', reason: 'order-cancelled' };
    }
    return { status: 'paid', payment };
  }

  /** After the copy of an order became cancelled: a payment it had is given back. */
  async refundCancelledOrder(orderId: string): Promise<void> {
    const payment = await this.deps.payments.findOne({ orderId, status: PaymentStatus.Succeeded });
    if (payment) await this.refund(payment);
  }

  private async settleAgainstExistingPayment(charge: SucceededCharge): Promise<Settlement> {
    const existing = await this.deps.payments.findOne({ orderId: charge.orderId });
    if (existing?.stripeId === charge.stripeId) {
      return existing.status === PaymentStatus.Succeeded
        ? { status: 'paid', payment: existing }
        : { status: 'refunded', reason: 'order-cancelled' };
    }
    // Two different cards submitted at once: the order took the first charge; give this one back.
    this.log.warn(
      { orderId: charge.orderId, stripeId: charge.stripeId, paidBy: existing?.stripeId },
      'second charge for a paid order; refunding it',
    );
    await this.deps.provider.refund(charge.stripeId);
    return { status: 'refunded', reason: 'order-already-paid' };
  }

  private async refund(payment: PaymentDocument): Promise<void> {
    await this.deps.provider.refund(payment.stripeId);
    await this.deps.payments.updateOne(
      { _id: payment._id, status: PaymentStatus.Succeeded },
      { $set: { status: PaymentStatus.Refunded, refundedAt: new Date() } },
    );
    this.log.info(
      { orderId: payment.orderId, stripeId: payment.stripeId },
      'payment refunded: the order was cancelled',
    );
  }

  private async refundUnrecordedCharge(charge: SucceededCharge): Promise<void> {
    await this.deps.provider.refund(charge.stripeId);
    try {
      await this.deps.payments.create({
        ...charge,
        status: PaymentStatus.Refunded,
        refundedAt: new Date(),
      });
    } catch (err) {
      // Recorded already (the same charge reported twice), or the order has its payment record.
      if (!isDuplicateKeyError(err)) throw err;
    }
    this.log.info(
      { orderId: charge.orderId, stripeId: charge.stripeId },
      'charge refunded: the order was cancelled before it completed',
    );
  }
}
