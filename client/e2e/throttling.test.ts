import { auditPage } from './support/audit';
import { screenshot, unique, visitor } from './support/browser';
import { siteUnderTest } from './support/site';

const ATTEMPTS_ALLOWED = 3;

const site = siteUnderTest({
  AUTH_RATE_LIMIT_MAX: String(ATTEMPTS_ALLOWED),
  AUTH_RATE_LIMIT_WINDOW_MS: String(15 * 60_000),
});

describe('too many sign-in attempts', () => {
  it('when someone keeps signing in with a wrong password, then the form says how many minutes to wait', async () => {
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

      expect(messages).toEqual([
        ...Array<string>(ATTEMPTS_ALLOWED).fill('Invalid credentials'),
        'Too many attempts — try again in 15 minutes.',
      ]);
      await screenshot(someone.page, 'signin-throttled');
      await auditPage(someone.page);
    } finally {
      await someone.context.close();
    }
  });
});
