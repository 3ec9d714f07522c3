import Stripe from 'stripe';
import {
  CURRENCY,
  chargeIdempotencyKey,
  InvalidPaymentTokenError,
  refundIdempotencyKey,
  type CardDetails,
  type ChargeOutcome,
  type ChargeRequest,
  type PaymentProvider,
} from '../domain/payment-provider';

export interface StripeClientOptions {
  secretKey: string;
  /** Another API origin than Stripe's (stripe-mock in tests). */
  apiBase?: string | undefined;
  /** Replaces stripe-node's HTTP client (tests record the requests with it). */
  httpClient?: Stripe.HttpClient;
}

export function createStripeClient({
  secretKey,
  apiBase,
  httpClient,
}: StripeClientOptions): Stripe {
  const origin = apiBase ? new URL(apiBase) : undefined;
  const protocol = origin?.protocol === 'http:' ? 'http' : 'https';
  return new Stripe(secretKey, {
    // Retried requests carry the same idempotency key, so a retry never charges twice.
    maxNetworkRetries: 2,
    timeout: 20_000,
    appInfo: { name: 'ticketing-payments' },
    ...(origin && {
      host: origin.hostname,
      port: origin.port || (protocol === 'http' ? 80 : 443),
      protocol,
    }),
    ...(httpClient && { httpClient }),
  });
}

/**
 * Charges through PaymentIntents, created and confirmed server-side in one request. Card tokens
 * (tok_…, the legacy Stripe.js output) are first turned into a payment method, since a token can
 * only be attached to a PaymentIntent that way.
 */
export class StripePaymentProvider implements PaymentProvider {
  constructor(private readonly stripe: Stripe) {}

  async charge(request: ChargeRequest): Promise<ChargeOutcome> {
    const idempotencyKey = chargeIdempotencyKey(request);
    try {
      const paymentMethod = request.token.startsWith('tok_')
        ? await this.paymentMethodFromToken(request.token, idempotencyKey)
        : request.token;
      const intent = await this.stripe.paymentIntents.create(
        {
          amount: request.amount,
          currency: CURRENCY,
          payment_method: paymentMethod,
          confirm: true,
          metadata: { orderId: request.orderId },
          // Cards only, confirmed here: no payment method that would send the buyer to another site.
          automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
          // The charge, for the card the receipt shows.
          expand: ['latest_charge'],
        },
        { idempotencyKey },
      );
      return outcomeOf(intent);
    } catch (err) {
      if (err instanceof Stripe.errors.StripeCardError) {
        return { status: 'declined', message: err.message };
      }
      if (isUnusableToken(err)) throw new InvalidPaymentTokenError();
      throw err;
    }
  }

  async refund(paymentId: string): Promise<string | undefined> {
    try {
      const refund = await this.stripe.refunds.create(
        { payment_intent: paymentId },
        { idempotencyKey: refundIdempotencyKey(paymentId) },
      );
      return refund.id;
    } catch (err) {
      // Refunded already (e.g. from the dashboard): the outcome we want.
      if (err instanceof Stripe.errors.StripeError && err.code === 'charge_already_refunded')
        return undefined;
      throw err;
    }
  }

  async cardOf(paymentId: string): Promise<CardDetails | undefined> {
    const intent = await this.stripe.paymentIntents.retrieve(paymentId, {
      expand: ['latest_charge'],
    });
    return cardOfIntent(intent);
  }

  private async paymentMethodFromToken(token: string, chargeKey: string): Promise<string> {
    // Keyed like the charge: a token is single-use, so a retry must get the same payment method back.
    const method = await this.stripe.paymentMethods.create(
      { type: 'card', card: { token } },
      { idempotencyKey: `${chargeKey}-payment-method` },
    );
    return method.id;
  }
}

function outcomeOf(intent: Stripe.PaymentIntent): ChargeOutcome {
  switch (intent.status) {
    case 'succeeded': {
      const card = cardOfIntent(intent);
      return { status: 'succeeded', id: intent.id, ...(card && { card }) };
    }
    case 'requires_action':
    case 'processing': // rare for cards; like 3-D Secure, the outcome arrives by webhook
      if (!intent.client_secret) throw new Error(`PaymentIntent ${intent.id} has no client secret`);
      return { status: 'requires_action', id: intent.id, clientSecret: intent.client_secret };
    default:
      return {
        status: 'declined',
        message: intent.last_payment_error?.message ?? 'The payment was not completed',
      };
  }
}

/** The card of the PaymentIntent's charge, when `latest_charge` was expanded and was a card's. */
function cardOfIntent(intent: Stripe.PaymentIntent): CardDetails | undefined {
  const charge = intent.latest_charge;
  const card = typeof charge === 'object' ? charge?.payment_method_details?.card : undefined;
  return card?.brand && card.last4 ? { brand: card.brand, last4: card.last4 } : undefined;
}

/** Stripe refused the token itself: unknown, used up already, or not a card. */
function isUnusableToken(err: unknown): boolean {
  if (!(err instanceof Stripe.errors.StripeInvalidRequestError)) return false;
  const aboutToken = /payment_method|token/.test(err.param ?? '');
  return aboutToken && ['resource_missing', 'token_already_used'].includes(err.code ?? '');
}
