import { Schema, type Connection, type Model } from 'mongoose';

/**
 * A PaymentIntent this service created to charge an order. A success reported by webhook is
 * accepted only for one of these, for the order it was created for.
 */
export interface PaymentAttempt {
  orderId: string;
  userId: string;
  /** The Stripe PaymentIntent (pi_…). */
  stripeId: string;
  /** In cents, as asked of the provider. */
  amount: number;
}

export type PaymentAttemptModel = Model<PaymentAttempt>;

const paymentAttemptSchema = new Schema<PaymentAttempt>(
  {
    orderId: { type: String, required: true, index: true },
    userId: { type: String, required: true },
    stripeId: { type: String, required: true, unique: true },
    amount: { type: Number, required: true, min: 0 },
  },
  { timestamps: true },
);

export async function createPaymentAttemptModel(
  connection: Connection,
): Promise<PaymentAttemptModel> {
  const model = connection.model<PaymentAttempt>('PaymentAttempt', paymentAttemptSchema);
  await model.init();
  return model;
}
