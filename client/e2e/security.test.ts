import type { Page } from 'playwright-core';
import { auditPage } from './support/audit';
import { unique, visitor } from './support/browser';
import { siteUnderTest } from './support/site';
import { PASSWORD, signUp } from './support/journey';

const site = siteUnderTest();

function expectOnThisSite(page: Page, path = '/') {
  const url = new URL(page.url());
  expect({ origin: url.origin, path: url.pathname }).toEqual({
    origin: new URL(site.platform.url).origin,
    path,
  });
}

async function submitCredentials(page: Page, email: string, button: 'Sign in' | 'Create account') {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: button }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

describe('the return path after signing in', () => {
  it.each([
    ['a tab', '%2F%09%2Fevil.example'],
    ['a newline', '%2F%0A%2Fevil.example'],
    ['a carriage return', '%2F%0D%2Fevil.example'],
    ['a backslash', '%2F%5Cevil.example'],
    ['an absolute URL', 'https%3A%2F%2Fevil.example%2F'],
  ])(
    'when next= hides another site behind %s, then signing up, signing in and being signed in all end on this site',
    async (_trick, next) => {
      const someone = await visitor(site.browser, site.platform.url);
      try {
        const signUpPage = await someone.page.goto(`/auth/signup?next=${next}`);
        expect(signUpPage?.status()).toBe(200);
        const email = `${unique('redirected')}@example.com`;
        await submitCredentials(someone.page, email, 'Create account');
        expectOnThisSite(someone.page);

        await someone.page.getByRole('button', { name: 'Sign out' }).click();
        await someone.page.getByRole('link', { name: 'Sign in', exact: true }).waitFor();
        const signInPage = await someone.page.goto(`/auth/signin?next=${next}`);
        expect(signInPage?.status()).toBe(200);
        await submitCredentials(someone.page, email, 'Sign in');
        expectOnThisSite(someone.page);

        // Signed in already: the page redirects at once.
        const redirected = await someone.page.goto(`/auth/signin?next=${next}`);
        expect(redirected?.status()).toBe(200);
        expectOnThisSite(someone.page);
      } finally {
        await someone.context.close();
      }
    },
  );

  it('when next= is a path on this site with a query and a hash, then signing in goes there', async () => {
    const someone = await visitor(site.browser, site.platform.url);
    try {
      const email = await signUp(someone.page);
      await someone.page.getByRole('button', { name: 'Sign out' }).click();
      await someone.page.getByRole('link', { name: 'Sign in', exact: true }).waitFor();
      await someone.page.goto(`/auth/signin?next=${encodeURIComponent('/orders?from=signin#top')}`);
      await auditPage(someone.page);
      await submitCredentials(someone.page, email, 'Sign in');
      await someone.page.waitForURL((url) => url.pathname === '/orders');
      expect(new URL(someone.page.url()).search).toBe('?from=signin');
      expect(new URL(someone.page.url()).hash).toBe('#top');
    } finally {
      await someone.context.close();
    }
  });
});

describe("the site's security headers", () => {
  async function getPage(path: string) {
    const res = await fetch(new URL(path, site.platform.url), { redirect: 'manual' });
    const policy = res.headers.get('content-security-policy') ?? '';
    const directives = new Map(
      policy.split(';').map((directive) => {
        const [name = '', ...sources] = directive.trim().split(/\s+/);
        return [name, sources];
      }),
    );
    const nonce = /'nonce-([^']+)'/.exec(directives.get('script-src')?.join(' ') ?? '')?.[1];
    return { res, html: await res.text(), directives, nonce };
  }

  it('when a page is served, then its CSP has a nonce of its own that every script carries, and no inline script without it', async () => {
    const first = await getPage('/');
    const second = await getPage('/');
    const signIn = await getPage('/auth/signin');

    expect(first.res.status).toBe(200);
    expect(first.nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(new Set([first.nonce, second.nonce, signIn.nonce]).size).toBe(3);
    expect(first.directives.get('script-src')).not.toContain("'unsafe-inline'");
    expect(first.directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(first.directives.get('object-src')).toEqual(["'none'"]);
    expect(first.directives.get('base-uri')).toEqual(["'none'"]);

    const scripts = [...first.html.matchAll(/<script\b[^>]*>/g)].map(([tag]) => tag);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${first.nonce}"`);
  });

  it('when a page is served over plain HTTP, then it also sends nosniff, a referrer policy and a permissions policy, and no HSTS', async () => {
    const { res } = await getPage('/auth/signup');

    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(res.headers.get('permissions-policy')).toContain('camera=()');
    // HSTS is sent where TLS ends (the cluster's gateway), never over plain HTTP.
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });

  it('when a page asks for a resource from another site, then the site.browser enforces the policy and refuses it', async () => {
    const someone = await visitor(site.browser, site.platform.url);
    try {
      await someone.page.goto('/');
      await auditPage(someone.page);
      const refused = await someone.page.evaluate(
        () =>
          new Promise<string>((resolve) => {
            document.addEventListener('securitypolicyviolation', (event) =>
              resolve(`${event.effectiveDirective} ${event.blockedURI}`),
            );
            const image = document.createElement('img');
            image.src = 'https://evil.example/pixel.png';
            document.body.append(image);
          }),
      );
      expect(refused).toBe('img-src https://evil.example/pixel.png');
    } finally {
      await someone.context.close();
    }
  });
});
