/**
 * Stripe's documented sources for Stripe.js and its Payment Element: the script and its frames
 * come from js.stripe.com, 3-D Secure pages from hooks.stripe.com, and it talks to api.stripe.com.
 * Nothing else outside this site is allowed.
 */
const STRIPE_SCRIPTS = ['https://js.stripe.com', 'https://*.js.stripe.com'];
const STRIPE_FRAMES = [...STRIPE_SCRIPTS, 'https://hooks.stripe.com'];
const STRIPE_API = ['https://api.stripe.com'];

/**
 * The site's Content-Security-Policy for one response. Scripts run only when they carry this
 * response's nonce (Next.js adds it to its own scripts and styles) or are loaded by one that does
 * ('strict-dynamic', which is how Stripe.js is injected); the host list is for browsers without
 * 'strict-dynamic'. React's development build needs eval, the production build does not.
 */
export function contentSecurityPolicy(nonce: string, { development = false } = {}): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': [
      "'self'",
      `'nonce-${nonce}'`,
      "'strict-dynamic'",
      ...STRIPE_SCRIPTS,
      ...(development ? ["'unsafe-eval'"] : []),
    ],
    'style-src': ["'self'", `'nonce-${nonce}'`],
    'img-src': ["'self'"],
    'font-src': ["'self'"],
    'connect-src': ["'self'", ...STRIPE_API],
    'frame-src': STRIPE_FRAMES,
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

/** 128 random bits, base64: unguessable, and new for every response. */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
}
