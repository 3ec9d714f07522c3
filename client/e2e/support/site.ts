import { startPlatform } from '@ticketing/platform';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser';

type Platform = Awaited<ReturnType<typeof startPlatform>>;

/**
 * The whole platform, as `npm start` runs it, and a headless browser, for the tests of one file:
 * started before them, stopped after. `env` adds to (or overrides) what every browser test runs with:
 * quiet logs and a sign-in rate limit that many visitors from one address do not reach.
 */
export function siteUnderTest(env: Record<string, string> = {}) {
  const site = {} as { platform: Platform; browser: Browser };
  beforeAll(async () => {
    site.platform = await startPlatform({
      port: 0,
      env: { LOG_LEVEL: 'warn', AUTH_RATE_LIMIT_MAX: '100000', ...env },
      log: process.env.E2E_VERBOSE ? undefined : () => {},
    });
    site.browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await site.browser?.close();
    await site.platform?.stop();
  });
  return site;
}
