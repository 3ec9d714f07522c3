import { clientConfigSchema, loadClientConfig } from './config';

describe('the client configuration', () => {
  it('when nothing is set, then the APIs are reached through the local gateway and no Stripe key is used', () => {
    expect(loadClientConfig({})).toEqual({ API_URL: 'http://localhost:8080' });
  });

  it('when the Stripe key is set to an empty string, then it counts as unset', () => {
    expect(loadClientConfig({ STRIPE_PUBLISHABLE_KEY: '' }).STRIPE_PUBLISHABLE_KEY).toBeUndefined();
  });

  it('when API_URL and a publishable key are set, then they are used', () => {
    const config = loadClientConfig({
      API_URL: 'http://gateway.ticketing.svc:8080',
      STRIPE_PUBLISHABLE_KEY: 'pk_test_abc123',
    });
    expect(config).toEqual({
      API_URL: 'http://gateway.ticketing.svc:8080',
      STRIPE_PUBLISHABLE_KEY: 'pk_test_abc123',
    });
  });

  it('when a secret key is given as the publishable key, then loading fails naming the variable', () => {
    expect(() => loadClientConfig({ STRIPE_PUBLISHABLE_KEY: 'sk_test_oops' })).toThrow(
      /STRIPE_PUBLISHABLE_KEY/,
    );
  });

  it('when API_URL is not an http(s) URL, then loading fails naming the variable', () => {
    expect(() => loadClientConfig({ API_URL: 'gateway:8080' })).toThrow(/API_URL/);
    expect(clientConfigSchema.safeParse({ API_URL: 'ftp://gateway' }).success).toBe(false);
  });
});
