import { z } from 'zod';
import { envInt, outboxServiceConfigShape } from '@ticketing/common';

export const paymentsConfigSchema = z
  .object({
    ...outboxServiceConfigShape,
    PAYMENTS_PROVIDER: z
      .enum(['stripe', 'test'])
      .optional()
      .describe(
        "Who charges cards: 'stripe', or 'test' (Stripe's test tokens, no network, never in production). " +
          'Default: stripe when STRIPE_SECRET_KEY is set, else test outside production',
      ),
    STRIPE_SECRET_KEY: z
      .string()
      .regex(/^(sk|rk)_(test|live)_\w+$/, 'must be a Stripe secret or restricted key')
      .optional()
      .describe('Stripe API key (sk_test_… for test mode); required by the stripe provider'),
    STRIPE_WEBHOOK_SECRET: z
      .string()
      .regex(/^whsec_\w+$/, 'must be a webhook signing secret (whsec_…)')
      .optional()
      .describe(
        'Signing secret of the webhook endpoint; without it the webhook route is not served',
      ),
    STRIPE_API_BASE: z
      .url({ protocol: /^https?$/ })
      .optional()
      .describe("Stripe API origin, e.g. stripe-mock's http://127.0.0.1:12111; default Stripe's"),
    PAYMENT_DECLINES_PER_ORDER: envInt(5, { min: 1 }).describe(
      'Declined cards an order may have within PAYMENT_DECLINES_ORDER_WINDOW_SECONDS before payments answer 429',
    ),
    PAYMENT_DECLINES_ORDER_WINDOW_SECONDS: envInt(15 * 60, { min: 1 }).describe(
      'The window of PAYMENT_DECLINES_PER_ORDER',
    ),
    PAYMENT_DECLINES_PER_USER: envInt(20, { min: 1 }).describe(
      'Declined cards a user may have within PAYMENT_DECLINES_USER_WINDOW_SECONDS, over all orders, before payments answer 429',
    ),
    PAYMENT_DECLINES_USER_WINDOW_SECONDS: envInt(60 * 60, { min: 1 }).describe(
      'The window of PAYMENT_DECLINES_PER_USER',
    ),
  })
  .superRefine((config, ctx) => {
    const provider = paymentsProviderOf(config);
    if (provider === 'test' && config.NODE_ENV === 'production') {
      ctx.addIssue({
        code: 'custom',
        path: ['PAYMENTS_PROVIDER'],
        message: 'the test provider cannot run in production',
      });
    }
    if (provider === 'stripe') {
      for (const name of ['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET'] as const) {
        if (!config[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'required' });
      }
    }
  });

export type PaymentsConfig = z.infer<typeof paymentsConfigSchema>;

export type PaymentsProviderName = 'stripe' | 'test';

/** The provider the config asks for, or its default (a production service never defaults to test). */
export function paymentsProviderOf(
  config: Pick<PaymentsConfig, 'PAYMENTS_PROVIDER' | 'STRIPE_SECRET_KEY' | 'NODE_ENV'>,
): PaymentsProviderName {
  if (config.PAYMENTS_PROVIDER) return config.PAYMENTS_PROVIDER;
  return config.STRIPE_SECRET_KEY || config.NODE_ENV === 'production' ? 'stripe' : 'test';
}
