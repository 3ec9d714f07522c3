import {
  IGNORED,
  Listener,
  Subjects,
  type Ignored,
  type ExpirationCompleteData,
  type Logger,
  type PaymentCreatedData,
  type Subject,
} from '@ticketing/common';
import type { StoredReceipt } from '../../data/order-model';
import type { Orders, TransitionOutcome } from '../../domain/orders';

/**
 * Every outcome is final (redelivering could not change it), so each is acknowledged, and logged;
 * one that changed nothing is IGNORED.
 */
function logTransition(
  logger: Logger,
  subject: Subject,
  orderId: string,
  outcome: TransitionOutcome,
): void | Ignored {
  const context = { subject, orderId, outcome };
  if (outcome === 'applied') {
    logger.info(context, 'order status changed');
    return;
  }
  if (outcome === 'unknown-order') logger.warn(context, 'event for an unknown order; ignored');
  else logger.info(context, 'order already final; event ignored');
  return IGNORED;
}

/** The order's time to pay is up: cancel it unless it was paid. */
export class ExpirationCompleteListener extends Listener<typeof Subjects.ExpirationComplete> {
  readonly subject = Subjects.ExpirationComplete;

  constructor(
    private readonly orders: Orders,
    private readonly logger: Logger,
  ) {
    super();
  }

  async onMessage(data: ExpirationCompleteData): Promise<void | Ignored> {
    return logTransition(
      this.logger,
      this.subject,
      data.orderId,
      await this.orders.expire(data.orderId),
    );
  }
}

/**
 * The order was paid: complete it, with its receipt, unless it was cancelled first (payments then
 * refunds).
 */
export class PaymentCreatedListener extends Listener<typeof Subjects.PaymentCreated> {
  readonly subject = Subjects.PaymentCreated;

  constructor(
    private readonly orders: Orders,
    private readonly logger: Logger,
  ) {
    super();
  }

  async onMessage(data: PaymentCreatedData): Promise<void | Ignored> {
    const outcome = await this.orders.completePayment(data.orderId, receiptOf(data));
    return logTransition(this.logger, this.subject, data.orderId, outcome);
  }
}

/** The receipt a payment.created describes; none from a payments release that predates receipts. */
function receiptOf({
  stripeId,
  paidAt,
  amount,
  currency,
  cardBrand,
  cardLast4,
}: PaymentCreatedData): StoredReceipt | undefined {
  if (paidAt === undefined || amount === undefined || currency === undefined) return undefined;
  return {
    paidAt: new Date(paidAt),
    amount,
    currency,
    paymentReference: stripeId,
    ...(cardBrand && { cardBrand }),
    ...(cardLast4 && { cardLast4 }),
  };
}
