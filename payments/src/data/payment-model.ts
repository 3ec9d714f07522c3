import { Schema, type Connection, type HydratedDocument, type Model } from 'mongoose';
import { outboxPlugin, type OutboxFields, type OutboxMethods } from '@ticketing/common';

export const PaymentStatus = {
  /** Charged; the order is paid. */
  Succeeded: 'succeeded',
  /** Charged, then given back because the order was cancelled meanwhile. */
  Refunded: 'refunded',
} as const;
export type PaymentStatus = (typeof PaymentStatus)[keyof typeof PaymentStatus];

export interface Payment extends OutboxFields {
  orderId: string;
  /** The Stripe PaymentIntent (pi_…) that charged the order. */
  stripeId: string;
  /** In cents. */
  amount: number;
  /** The card charged, when the provider reported it. */
  card?: { brand: string; last4: string };
  status: PaymentStatus;
  refundedAt?: Date;
}

export type PaymentDocument = HydratedDocument<Payment, OutboxMethods>;
export type PaymentModel = Model<Payment, object, OutboxMethods>;

const paymentSchema = new Schema<Payment, PaymentModel, OutboxMethods>(
  {
    // Unique: an order is charged successfully at most once, however many requests race to pay it.
    orderId: { type: String, required: true, unique: true },
    stripeId: { type: String, required: true },
    amount: { type: Number, required: true, min: 0 },
    card: {
      type: new Schema(
        { brand: { type: String, required: true }, last4: { type: String, required: true } },
        { _id: false },
      ),
    },
    status: { type: String, required: true, enum: Object.values(PaymentStatus) },
    refundedAt: { type: Date },
  },
  { timestamps: true },
);
paymentSchema.plugin(outboxPlugin);

export async function createPaymentModel(connection: Connection): Promise<PaymentModel> {
  const model = connection.model<Payment, PaymentModel>('Payment', paymentSchema);
  // The unique orderId index must exist before the first payment, or two could slip through.
  await model.init();
  return model;
}
