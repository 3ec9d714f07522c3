import type { Logger } from '@ticketing/common';
import { paymentsProviderOf, type PaymentsConfig } from '../config';
import type { PaymentProvider } from '../domain/payment-provider';
import { createStripeClient, StripePaymentProvider } from './stripe-provider';
import { TestPaymentProvider } from './test-provider';

/** The provider the config names (the config schema guarantees the Stripe key when it is Stripe). */
export function createPaymentProvider(config: PaymentsConfig, logger: Logger): PaymentProvider {
  if (paymentsProviderOf(config) === 'test') {
    logger.warn("payments use the test provider: Stripe's test cards, nothing is charged");
    return new TestPaymentProvider();
  }
  if (!config.STRIPE_SECRET_KEY)
    throw new Error('STRIPE_SECRET_KEY is required by the stripe provider');
  return new StripePaymentProvider(
    createStripeClient({ secretKey: config.STRIPE_SECRET_KEY, apiBase: config.STRIPE_API_BASE }),
  );
}
