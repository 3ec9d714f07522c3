import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser';
import { sharedSiteUrl, startE2ePlatform } from './shared-platform';

/**
 * The whole platform, as `npm start` runs it, and a headless browser, for the tests of one file.
 * Without `env`, the platform all such files share (started once by jest's global setup); with
 * `env`, settings added to (or overriding) what every browser test runs with, a platform of the
 * file's own, started before its tests and stopped after.
 */
export function siteUnderTest(env?: Record<string, string>) {
  const site = {} as { platform: { url: string }; browser: Browser };
  let own: Awaited<ReturnType<typeof startE2ePlatform>> | undefined;
  beforeAll(async () => {
    const shared = env === undefined ? sharedSiteUrl() : undefined;
    if (shared === undefined) own = await startE2ePlatform(env);
    site.platform = own ?? { url: shared! };
    site.browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await site.browser?.close();
    await own?.stop();
  });
  return site;
}
