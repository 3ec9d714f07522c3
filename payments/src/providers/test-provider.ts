import { randomBytes } from 'node:crypto';
import {
  chargeIdempotencyKey,
  InvalidPaymentTokenError,
  type ChargeOutcome,
  type ChargeRequest,
  type PaymentProvider,
} from '../domain/payment-provider';

type Behaviour = 'succeed' | 'decline' | 'require-action';

/** Stripe's own test tokens, so the same cards work against the test provider and Stripe's test mode. */
const testTokens: Record<string, Behaviour> = {
  tok_visa: 'succeed',
  pm_card_visa: 'succeed',
  tok_mastercard: 'succeed',
  pm_card_mastercard: 'succeed',
  tok_chargeDeclined: 'decline',
  pm_card_chargeDeclined: 'decline',
  pm_card_authenticationRequired: 'require-action',
};

const fakeId = (prefix: string) => `${prefix}_test${randomBytes(12).toString('hex')}`;

/**
 * Charges nothing and needs no network: for running the platform without a Stripe account. It keeps
 * Stripe's idempotency (a repeated request gets the first answer), in memory.
 */
export class TestPaymentProvider implements PaymentProvider {
  private readonly charges = new Map<string, Promise<ChargeOutcome>>();
  /** The payments refunded so far, with their refund ids. */
  private readonly refunds = new Map<string, string>();

  charge(request: ChargeRequest): Promise<ChargeOutcome> {
    const behaviour = testTokens[request.token];
    if (!behaviour) return Promise.reject(new InvalidPaymentTokenError());
    const key = chargeIdempotencyKey(request);
    let outcome = this.charges.get(key);
    if (!outcome) {
      outcome = Promise.resolve(outcomeOf(behaviour));
      this.charges.set(key, outcome);
    }
    return outcome;
  }

  async refund(paymentId: string): Promise<string> {
    let refundId = this.refunds.get(paymentId);
    if (!refundId) {
      refundId = fakeId('re');
      this.refunds.set(paymentId, refundId);
    }
    return refundId;
  }

  /** The payments refunded so far. */
  get refunded(): ReadonlySet<string> {
    return new Set(this.refunds.keys());
  }
}

function outcomeOf(behaviour: Behaviour): ChargeOutcome {
  switch (behaviour) {
    case 'succeed':
      return { status: 'succeeded', id: fakeId('pi') };
    case 'decline':
      return { status: 'declined', message: 'Your card was declined.' };
    case 'require-action': {
      const id = fakeId('pi');
      return { status: 'requires_action', id, clientSecret: `${id}_secret_${fakeId('cs')}` };
    }
  }
}
