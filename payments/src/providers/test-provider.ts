import { randomBytes } from 'node:crypto';
import {
  chargeIdempotencyKey,
  InvalidPaymentTokenError,
  type CardDetails,
  type ChargeOutcome,
  type ChargeRequest,
  type PaymentProvider,
} from '../domain/payment-provider';

type Behaviour = 'succeed' | 'decline' | 'require-action';

const visa = { brand: 'visa', last4: '4242' };
const mastercard = { brand: 'mastercard', last4: '4444' };

/**
 * Stripe's own test tokens, so the same cards work against the test provider and Stripe's test
 * mode, with the cards Stripe reports for them.
 */
const testTokens: Record<string, { behaviour: Behaviour; card: CardDetails }> = {
  tok_visa: { behaviour: 'succeed', card: visa },
  pm_card_visa: { behaviour: 'succeed', card: visa },
  tok_mastercard: { behaviour: 'succeed', card: mastercard },
  pm_card_mastercard: { behaviour: 'succeed', card: mastercard },
  tok_chargeDeclined: { behaviour: 'decline', card: { brand: 'visa', last4: '0002' } },
  pm_card_chargeDeclined: { behaviour: 'decline', card: { brand: 'visa', last4: '0002' } },
  pm_card_authenticationRequired: {
    behaviour: 'require-action',
    card: { brand: 'visa', last4: '3155' },
  },
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
  /** The card of every payment made, by payment id. */
  private readonly cards = new Map<string, CardDetails>();

  charge(request: ChargeRequest): Promise<ChargeOutcome> {
    const testCard = testTokens[request.token];
    if (!testCard) return Promise.reject(new InvalidPaymentTokenError());
    const key = chargeIdempotencyKey(request);
    let outcome = this.charges.get(key);
    if (!outcome) {
      const answer = outcomeOf(testCard.behaviour, testCard.card);
      if (answer.status !== 'declined') this.cards.set(answer.id, testCard.card);
      outcome = Promise.resolve(answer);
      this.charges.set(key, outcome);
    }
    return outcome;
  }

  async cardOf(paymentId: string): Promise<CardDetails | undefined> {
    return this.cards.get(paymentId);
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

function outcomeOf(behaviour: Behaviour, card: CardDetails): ChargeOutcome {
  switch (behaviour) {
    case 'succeed':
      return { status: 'succeeded', id: fakeId('pi'), card };
    case 'decline':
      return { status: 'declined', message: 'Your card was declined.' };
    case 'require-action': {
      const id = fakeId('pi');
      return { status: 'requires_action', id, clientSecret: `${id}_secret_${fakeId('cs')}` };
    }
  }
}
