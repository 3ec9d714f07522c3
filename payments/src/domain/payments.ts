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
  metricsFor,
} from '@ticketing/common';
import type { Order, OrderModel } from '../data/order-model';
import type { PaymentAttemptModel } from '../data/payment-attempt-model';
import {
  PaymentStatus,
  type Payment,
  type PaymentDocument,
  type PaymentModel,
} from '../data/payment-model';
import { RefundReason, type RefundModel } from '../data/refund-model';
import { toCents } from './amount';
import type { ChargeClaims } from './charge-claims';
import type { DeclineLimits } from './decline-limits';
import { CURRENCY, type CardDetails, type PaymentProvider } from './payment-provider';
import { SERVICE_NAME } from '../service-name';

export const ORDER_NOT_FOUND = 'Order not found';
export const CANCELLED_ORDER = 'Cannot pay for a cancelled order';
export const ALREADY_PAID = 'Order is already paid';
export const EXPIRED_ORDER = 'Order has expired';
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
  card?: CardDetails;
}

/** A success a webhook reports, as the provider describes it (nothing checked yet). */
export interface ReportedSuccess extends SucceededCharge {
  currency: string;
}

export type Settlement =
  | { status: 'paid'; payment: PaymentDocument }
  | { status: 'refunded'; reason: RefundReason }
  | { status: 'unknown-order' };

export interface PaymentsDeps {
  orders: OrderModel;
  payments: PaymentModel;
  attempts: PaymentAttemptModel;
  refunds: RefundModel;
  claims: ChargeClaims;
  declineLimits: DeclineLimits;
  provider: PaymentProvider;
  logger: Logger;
  eventsRecorded: EventsRecorded;
}

/**
 * Paying for orders, independent of HTTP. An order is charged by one request at a time (its claim),
 * and successfully at most once: a retried request replays the provider's first answer, the unique
 * order id of payments decides between a charge and a late 3-D Secure success (the loser is
 * refunded), and a charge that completes for an order cancelled meanwhile is refunded. Every refund
 * is recorded.
 */
export class Payments {
  private readonly log: Logger;
  private readonly writer: OutboxWriter<Payment>;
  private readonly outcomes = metricsFor(SERVICE_NAME).counter(
    'ticketing_payments_total',
    'Payment outcomes: succeeded, declined, requires_action, refunded (each charge counted once)',
    ['outcome'],
  );

  constructor(private readonly deps: PaymentsDeps) {
    this.log = deps.logger.child({ component: 'payments' });
    this.writer = new OutboxWriter(deps.payments, { eventsRecorded: deps.eventsRecorded });
  }

  async pay(userId: string, orderId: string, token: string): Promise<PayResult> {
    await this.ownOrder(userId, orderId);
    return this.deps.claims.holding(orderId, () => this.charge(userId, orderId, token));
  }

  /**
   * A success reported by webhook. Accepted only for a PaymentIntent this service created for that
   * order, in the order's price and currency; anything else is refunded, and the order stays unpaid.
   */
  async acceptReportedSuccess(reported: ReportedSuccess): Promise<Settlement> {
    const { orderId, stripeId, amount, currency } = reported;
    const attempt = await this.deps.attempts.findOne({ stripeId }).lean();
    const order = await this.deps.orders.findById(orderId).lean();
    let refusal: RefundReason | undefined;
    if (!attempt || attempt.orderId !== orderId || !order) refusal = RefundReason.UnknownIntent;
    else if (currency !== CURRENCY) refusal = RefundReason.WrongCurrency;
    else if (amount !== toCents(order.price)) refusal = RefundReason.WrongAmount;
    if (!refusal)
      return this.settle({ orderId, stripeId, amount, card: await this.cardOf(stripeId) });
    this.log.warn(
      { orderId, stripeId, amount, currency, expected: order && toCents(order.price) },
      `reported success refused (${refusal}); refunding it`,
    );
    await this.refundCharge(reported, refusal, currency);
    return { status: 'refunded', reason: refusal };
  }

  /**
   * The card of a payment a webhook reported, for the receipt. The receipt can do without it, so a
   * provider that cannot say now does not hold up the payment.
   */
  private async cardOf(stripeId: string): Promise<CardDetails | undefined> {
    try {
      return await this.deps.provider.cardOf(stripeId);
    } catch (err) {
      this.log.warn(
        { err, stripeId },
        'the card of a payment could not be read; no card on its receipt',
      );
      return undefined;
    }
  }

  /** After the copy of an order became cancelled: a payment it had is given back. */
  async refundCancelledOrder(orderId: string): Promise<void> {
    const payment = await this.deps.payments.findOne({ orderId, status: PaymentStatus.Succeeded });
    if (payment) await this.refund(payment);
  }

  /** The user's order, or 404: someone else's is answered like an unknown one. */
  private async ownOrder(userId: string, orderId: string): Promise<Order> {
    const order = await this.deps.orders.findById(orderId).lean();
    if (!order || order.userId !== userId) throw new NotFoundError(ORDER_NOT_FOUND);
    return order;
  }

  /** Charges the order, holding its claim: nothing else charges it meanwhile. */
  private async charge(userId: string, orderId: string, token: string): Promise<PayResult> {
    // Read again under the claim: a charge that just released it may have paid the order.
    const order = await this.ownOrder(userId, orderId);
    if (order.status === OrderStatus.Cancelled) throw new BadRequestError(CANCELLED_ORDER);
    if (order.status === OrderStatus.Complete || (await this.deps.payments.exists({ orderId }))) {
      throw new BadRequestError(ALREADY_PAID);
    }
    if (order.expiresAt <= new Date()) throw new BadRequestError(EXPIRED_ORDER);
    await this.deps.declineLimits.check(orderId, userId);
    const amount = toCents(order.price);
    const outcome = await this.deps.provider.charge({ orderId, amount, token });
    if (outcome.status === 'declined') {
      this.outcomes.inc({ outcome: 'declined' });
      await this.deps.declineLimits.record(orderId, userId);
      throw new PaymentFailedError(outcome.message);
    }
    await this.recordAttempt({ orderId, userId, stripeId: outcome.id, amount });
    if (outcome.status === 'requires_action') {
      this.outcomes.inc({ outcome: 'requires_action' });
      return { status: 'requires_action', clientSecret: outcome.clientSecret };
    }
    const settlement = await this.settle({
      orderId,
      stripeId: outcome.id,
      amount,
      ...(outcome.card && { card: outcome.card }),
    });
    switch (settlement.status) {
      case 'paid':
        return settlement;
      case 'refunded':
        throw new BadRequestError(
          settlement.reason === RefundReason.OrderCancelled ? CANCELLED_WHILE_PAYING : ALREADY_PAID,
        );
      case 'unknown-order':
        throw new NotFoundError(ORDER_NOT_FOUND);
    }
  }

  /** The PaymentIntent charged for the order, so the webhook can tell it from one it never made. */
  private async recordAttempt(attempt: SucceededCharge & { userId: string }): Promise<void> {
    try {
      await this.deps.attempts.create(attempt);
    } catch (err) {
      // The same payment submitted again: the provider replayed the intent recorded already.
      if (!isDuplicateKeyError(err)) throw err;
    }
  }

  /**
   * Records a succeeded charge and publishes payment.created, or refunds it when the order cannot
   * take it. Idempotent: the same charge may be reported by the answer and by the webhook.
   */
  private async settle(charge: SucceededCharge): Promise<Settlement> {
    const { orderId, stripeId } = charge;
    const order = await this.deps.orders.findById(orderId).lean();
    if (!order) {
      this.log.warn({ orderId, stripeId }, 'succeeded charge for an unknown order');
      return { status: 'unknown-order' };
    }
    if (order.status === OrderStatus.Cancelled) {
      await this.refundUnrecordedCharge(charge);
      return { status: 'refunded', reason: RefundReason.OrderCancelled };
    }
    const payment = new this.deps.payments({ ...charge, status: PaymentStatus.Succeeded });
    payment.recordEvent(Subjects.PaymentCreated, {
      id: payment.id as string,
      orderId,
      stripeId,
      paidAt: new Date().toISOString(),
      amount: charge.amount,
      currency: CURRENCY,
      ...(charge.card && { cardBrand: charge.card.brand, cardLast4: charge.card.last4 }),
    });
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
      return { status: 'refunded', reason: RefundReason.OrderCancelled };
    }
    this.outcomes.inc({ outcome: 'succeeded' });
    return { status: 'paid', payment };
  }

  private async settleAgainstExistingPayment(charge: SucceededCharge): Promise<Settlement> {
    const existing = await this.deps.payments.findOne({ orderId: charge.orderId });
    if (existing?.stripeId === charge.stripeId) {
      return existing.status === PaymentStatus.Succeeded
        ? { status: 'paid', payment: existing }
        : { status: 'refunded', reason: RefundReason.OrderCancelled };
    }
    // A 3-D Secure payment finished after another card paid the order: give this one back.
    this.log.warn(
      { orderId: charge.orderId, stripeId: charge.stripeId, paidBy: existing?.stripeId },
      'second charge for a paid order; refunding it',
    );
    await this.refundCharge(charge, RefundReason.OrderAlreadyPaid);
    return { status: 'refunded', reason: RefundReason.OrderAlreadyPaid };
  }

  /** The order's payment, given back because the order was cancelled. */
  private async refund(payment: PaymentDocument): Promise<void> {
    await this.refundCharge(payment, RefundReason.OrderCancelled);
    await this.deps.payments.updateOne(
      { _id: payment._id, status: PaymentStatus.Succeeded },
      { $set: { status: PaymentStatus.Refunded, refundedAt: new Date() } },
    );
  }

  /** A charge that completed after its order was cancelled: refunded, and kept as the order's payment. */
  private async refundUnrecordedCharge(charge: SucceededCharge): Promise<void> {
    await this.refundCharge(charge, RefundReason.OrderCancelled);
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
  }

  /** Gives the charge back in full and records the refund (once, however often it is reported). */
  private async refundCharge(
    { orderId, stripeId, amount }: SucceededCharge,
    reason: RefundReason,
    currency = CURRENCY,
  ): Promise<void> {
    const refundId = await this.deps.provider.refund(stripeId);
    try {
      await this.deps.refunds.create({
        orderId,
        stripeId,
        reason,
        amount,
        currency,
        ...(refundId && { refundId }),
      });
      this.outcomes.inc({ outcome: 'refunded' });
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
    this.log.info({ orderId, stripeId, reason, refundId }, 'charge refunded');
  }
}
