import { Schema, type Connection, type Model } from 'mongoose';

export const RefundReason = {
  /** The order was cancelled before or while it was paid. */
  OrderCancelled: 'order-cancelled',
  /** The order had been paid by another charge already. */
  OrderAlreadyPaid: 'order-already-paid',
  /** A success for a PaymentIntent this service did not create for that order. */
  UnknownIntent: 'unknown-intent',
  /** A success whose amount is not the order's price in cents. */
  WrongAmount: 'wrong-amount',
  /** A success in another currency than the one orders are priced in. */
  WrongCurrency: 'wrong-currency',
} as const;
export type RefundReason = (typeof RefundReason)[keyof typeof RefundReason];

/** Money given back: one record per refunded charge, whatever the reason. */
export interface Refund {
  orderId: string;
  /** The refunded Stripe PaymentIntent (pi_…). */
  stripeId: string;
  status: 'refunded';
  reason: RefundReason;
  /** In the charge's smallest currency unit, as it was charged. */
  amount: number;
  currency: string;
  /** The provider's refund (re_…), when it answered one (not when the charge was refunded already). */
  refundId?: string;
}

export type RefundModel = Model<Refund>;

const refundSchema = new Schema<Refund>(
  {
    orderId: { type: String, required: true, index: true },
    // Unique: a charge reported again (webhook retries) is refunded again idempotently, recorded once.
    stripeId: { type: String, required: true, unique: true },
    status: { type: String, required: true, enum: ['refunded'], default: 'refunded' },
    reason: { type: String, required: true, enum: Object.values(RefundReason) },
    amount: { type: Number, required: true, min: 0 },
    currency: { type: String, required: true },
    refundId: { type: String },
  },
  { timestamps: true },
);

export async function createRefundModel(connection: Connection): Promise<RefundModel> {
  const model = connection.model<Refund>('Refund', refundSchema);
  await model.init();
  return model;
}
