import { ConfigError, loadConfig } from '@ticketing/common';
import { paymentsConfigSchema, paymentsProviderOf } from './config';
import { TEST_SESSION_KEYS } from '@ticketing/common/testing';

const base = {
  MONGO_URI: 'mongodb://mongo:27017/payments',
  ...TEST_SESSION_KEYS,
  NATS_URL: 'nats://nats:4222',
};
const stripe = { STRIPE_SECRET_KEY: 'sk_test_abc123', STRIPE_WEBHOOK_SECRET: 'whsec_abc123' };

describe('payments configuration', () => {
  it('when no Stripe key is set outside production, then the test provider is chosen', () => {
    const config = loadConfig(paymentsConfigSchema, base);

    expect(paymentsProviderOf(config)).toBe('test');
    expect(config).toMatchObject({ PORT: 3000, OUTBOX_POLL_INTERVAL_MS: 1_000 });
  });

  it('when a Stripe key is set, then Stripe is chosen', () => {
    const config = loadConfig(paymentsConfigSchema, { ...base, ...stripe });

    expect(paymentsProviderOf(config)).toBe('stripe');
  });

  it('when Stripe is chosen without its secrets, then loading fails naming both', () => {
    expect(() =>
      loadConfig(paymentsConfigSchema, { ...base, PAYMENTS_PROVIDER: 'stripe' }),
    ).toThrow(
      new ConfigError(
        'Invalid configuration: STRIPE_SECRET_KEY is required; STRIPE_WEBHOOK_SECRET is required',
      ),
    );
  });

  it('when the test provider is asked for in production, then loading fails', () => {
    const load = () =>
      loadConfig(paymentsConfigSchema, {
        ...base,
        ...stripe,
        NODE_ENV: 'production',
        PAYMENTS_PROVIDER: 'test',
      });

    expect(load).toThrow(
      /PAYMENTS_PROVIDER is invalid \(the test provider cannot run in production\)/,
    );
  });

  it('when production has no Stripe key, then loading fails instead of falling back to the test provider', () => {
    expect(() => loadConfig(paymentsConfigSchema, { ...base, NODE_ENV: 'production' })).toThrow(
      /STRIPE_SECRET_KEY is required/,
    );
  });

  it.each([
    ['STRIPE_SECRET_KEY', 'pk_test_abc', /STRIPE_SECRET_KEY is invalid/],
    ['STRIPE_WEBHOOK_SECRET', 'abc', /STRIPE_WEBHOOK_SECRET is invalid/],
    ['STRIPE_API_BASE', 'ftp://stripe', /STRIPE_API_BASE is invalid/],
  ])('when %s is malformed, then loading fails naming it', (name, value, error) => {
    expect(() => loadConfig(paymentsConfigSchema, { ...base, ...stripe, [name]: value })).toThrow(
      error,
    );
  });

  it('when the card-testing limits are not set, then 5 declines per order in 15 minutes and 20 per user in an hour apply', () => {
    expect(loadConfig(paymentsConfigSchema, base)).toMatchObject({
      PAYMENT_DECLINES_PER_ORDER: 5,
      PAYMENT_DECLINES_ORDER_WINDOW_SECONDS: 900,
      PAYMENT_DECLINES_PER_USER: 20,
      PAYMENT_DECLINES_USER_WINDOW_SECONDS: 3600,
    });
  });

  it.each([
    ['PAYMENT_DECLINES_PER_ORDER', '0'],
    ['PAYMENT_DECLINES_USER_WINDOW_SECONDS', 'an hour'],
  ])('when %s is %p, then loading fails naming it', (name, value) => {
    expect(() => loadConfig(paymentsConfigSchema, { ...base, [name]: value })).toThrow(
      new RegExp(`${name} is invalid`),
    );
  });
});
