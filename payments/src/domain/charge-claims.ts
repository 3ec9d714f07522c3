import { randomUUID } from 'node:crypto';
import { ConflictError, isDuplicateKeyError } from '@ticketing/common';
import type { ChargeClaimModel } from '../data/charge-claim-model';

export const PAYMENT_IN_PROGRESS = 'A payment for this order is already in progress';

/**
 * Longer than the slowest charge: a card token turned into a payment method, then the
 * PaymentIntent, each up to 20 s and retried twice by the Stripe client.
 */
const CLAIM_SECONDS = 180;

/**
 * One charge per order at a time, across replicas: a request charges an order only while it holds
 * the order's claim, and a second request meanwhile is refused (409) without charging.
 */
export class ChargeClaims {
  constructor(private readonly claims: ChargeClaimModel) {}

  /** Runs `charge` holding the order's claim; throws ConflictError when another request holds it. */
  async holding<T>(orderId: string, charge: () => Promise<T>): Promise<T> {
    const holder = randomUUID();
    await this.claim(orderId, holder);
    try {
      return await charge();
    } finally {
      await this.claims.deleteOne({ _id: orderId, holder });
    }
  }

  private async claim(orderId: string, holder: string): Promise<void> {
    const expiresAt = new Date(Date.now() + CLAIM_SECONDS * 1000);
    try {
      await this.claims.create({ _id: orderId, holder, expiresAt });
      return;
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
    // Only a claim whose holder died mid-charge is taken over.
    const takenOver = await this.claims.updateOne(
      { _id: orderId, expiresAt: { $lte: new Date() } },
      { $set: { holder, expiresAt } },
    );
    if (takenOver.modifiedCount !== 1) throw new ConflictError(PAYMENT_IN_PROGRESS);
  }
}
