import { auditPage } from './support/audit';
import { screenshot, unique, visitor } from './support/browser';
import { siteUnderTest } from './support/site';

const ATTEMPTS_ALLOWED = 3;

const WINDOW_SECONDS = 50;

const site = siteUnderTest({
  AUTH_RATE_LIMIT_MAX: String(ATTEMPTS_ALLOWED),
  AUTH_RATE_LIMIT_WINDOW_MS: String(WINDOW_SECONDS * 1000),
});

describe('too many sign-in attempts', () => {
  it('when someone keeps signing in with a wrong password, then the form says how many seconds to wait (from Retry-After)', async () => {
    const someone = await visitor(site.browser, site.platform.url);
    try {
      await someone.page.goto('/auth/signin');
      await someone.page.getByLabel('Email').fill(`${unique('guesser')}@example.com`);
      await someone.page.getByLabel('Password').fill('not the password');
      const form = someone.page.getByRole('form', { name: 'Sign in' });
      const signIn = someone.page.getByRole('button', { name: 'Sign in' });

      const messages: string[] = [];
      for (let attempt = 1; attempt <= ATTEMPTS_ALLOWED + 1; attempt += 1) {
        await Promise.all([
          someone.page.waitForResponse((res) => res.url().endsWith('/api/users/signin')),
          signIn.click(),
        ]);
        await form.getByRole('alert').waitFor();
        messages.push((await form.getByRole('alert').textContent()) ?? '');
      }

      expect(messages.slice(0, ATTEMPTS_ALLOWED)).toEqual(
        Array<string>(ATTEMPTS_ALLOWED).fill('Invalid credentials'),
      );
      // Retry-After counts the seconds left in the window, which started with the first attempt.
      const throttled = /^Too many attempts — try again in (\d+) seconds\.$/.exec(messages.at(-1)!);
      expect(throttled).not.toBeNull();
      expect(Number(throttled![1])).toBeGreaterThan(0);
      expect(Number(throttled![1])).toBeLessThanOrEqual(WINDOW_SECONDS);
      await screenshot(someone.page, 'signin-throttled');
      await auditPage(someone.page);
    } finally {
      await someone.context.close();
    }
  });
});
