/** @jest-environment node */
import { contentSecurityPolicy, newNonce } from './content-security-policy';

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((directive) => {
      const [name = '', ...sources] = directive.trim().split(/\s+/);
      return [name, sources];
    }),
  );
}

describe('contentSecurityPolicy', () => {
  const policy = directives(contentSecurityPolicy('abc123=='));

  it('when built, then scripts need the nonce (or a nonced loader) and inline scripts do not run', () => {
    const scripts = policy.get('script-src');
    expect(scripts).toEqual(expect.arrayContaining(["'nonce-abc123=='", "'strict-dynamic'"]));
    expect(scripts).not.toContain("'unsafe-inline'");
    expect(scripts).not.toContain("'unsafe-eval'");
    expect(policy.get('style-src')).not.toContain("'unsafe-inline'");
  });

  it('when built, then no one may frame the site and plugins and <base> are off', () => {
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('default-src')).toEqual(["'self'"]);
  });

  it("when built, then exactly Stripe's Payment Element origins are allowed beyond this site", () => {
    expect(policy.get('script-src')).toEqual(
      expect.arrayContaining(['https://js.stripe.com', 'https://*.js.stripe.com']),
    );
    expect(policy.get('frame-src')).toEqual([
      'https://js.stripe.com',
      'https://*.js.stripe.com',
      'https://hooks.stripe.com',
    ]);
    expect(policy.get('connect-src')).toEqual(["'self'", 'https://api.stripe.com']);
  });

  it("when built for development, then eval is allowed for React's debugging only there", () => {
    const development = directives(contentSecurityPolicy('n', { development: true }));
    expect(development.get('script-src')).toContain("'unsafe-eval'");
  });
});

describe('newNonce', () => {
  it('when called twice, then the nonces differ and carry 128 bits', () => {
    const first = newNonce();
    expect(newNonce()).not.toBe(first);
    expect(Buffer.from(first, 'base64')).toHaveLength(16);
  });
});
