import { startPlatform } from '@ticketing/platform';
import type { Browser } from 'playwright-core';
import { auditPage } from './support/audit';
import { launchBrowser, screenshot, unique, visitor } from './support/browser';

type Platform = Awaited<ReturnType<typeof startPlatform>>;

const ATTEMPTS_ALLOWED = 3;

let platform: Platform;
let browser: Browser;

beforeAll(async () => {
  platform = await startPlatform({
    port: 0,
    env: {
      LOG_LEVEL: 'warn',
      AUTH_RATE_LIMIT_MAX: String(ATTEMPTS_ALLOWED),
      AUTH_RATE_LIMIT_WINDOW_MS: String(15 * 60_000),
    },
    log: process.env.E2E_VERBOSE ? undefined : () => {},
  });
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

describe('too many sign-in attempts', () => {
  it('when someone keeps signing in with a wrong password, then the form says how many minutes to wait', async () => {
    const someone = await visitor(browser, platform.url);
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
