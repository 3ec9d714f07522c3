import { createHash } from 'node:crypto';
import { BadRequestError } from '@ticketing/common';

/** The currency every price is in and every charge is made in. */
export const CURRENCY = 'usd';

export interface ChargeRequest {
  orderId: string;
  /** In cents. */
  amount: number;
  /** A payment method (pm_…) or card token (tok_…) from Stripe.js. */
  token: string;
}

/** The card a payment was made with, as the buyer's receipt shows it. */
export interface CardDetails {
  brand: string;
  last4: string;
}

export type ChargeOutcome =
  /** `card` when the provider reports it. */
  | { status: 'succeeded'; id: string; card?: CardDetails }
  /** The customer must act (3-D Secure); the outcome then arrives by webhook. */
  | { status: 'requires_action'; id: string; clientSecret: string }
  | { status: 'declined'; message: string };

/** What charges cards: Stripe, or the offline test provider. */
export interface PaymentProvider {
  /** Creates and confirms a payment; a repeated request (same order, same token) never charges twice. */
  charge(request: ChargeRequest): Promise<ChargeOutcome>;
  /**
   * Gives a succeeded payment back in full and answers the provider's refund id; refunding it again
   * changes nothing (and may answer no id).
   */
  refund(paymentId: string): Promise<string | undefined>;
  /** The card a payment (a PaymentIntent) was charged to, when the provider reports one. */
  cardOf(paymentId: string): Promise<CardDetails | undefined>;
}

/**
 * One key per order and token: a retried request replays the first answer instead of charging again,
 * while a new card after a decline is a new attempt. The token is hashed to keep the key short.
 */
export function chargeIdempotencyKey({ orderId, token }: Pick<ChargeRequest, 'orderId' | 'token'>) {
  const tokenHash = createHash('sha256').update(token).digest('hex').slice(0, 32);
  return `order-${orderId}-${tokenHash}`;
}

export const refundIdempotencyKey = (paymentId: string) => `refund-${paymentId}`;

export class InvalidPaymentTokenError extends BadRequestError {
  constructor() {
    super('Token is not a usable payment method', 'token');
  }
}
