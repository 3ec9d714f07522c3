import { e2eLog, startPlatform } from '@ticketing/platform';

/**
 * One platform for every browser test file that needs no settings of its own (jest's global setup
 * and teardown): starting the services, the gateway and the site takes half a minute on two cores,
 * once instead of once per file. The files share it as people share a site: each test makes its
 * own users and tickets, and finds them by a word of its own.
 */
const SHARED_URL = 'E2E_SHARED_SITE_URL';

type Platform = Awaited<ReturnType<typeof startPlatform>>;
const running = globalThis as typeof globalThis & { sharedE2ePlatform?: Platform };

/** Settings every browser test runs with: quiet logs, a sign-in limit many visitors from one address do not reach. */
export const E2E_ENV = { LOG_LEVEL: 'warn', AUTH_RATE_LIMIT_MAX: '100000' };

export function startE2ePlatform(env: Record<string, string> = {}): Promise<Platform> {
  return startPlatform({
    port: 0,
    env: { ...E2E_ENV, ...env },
    log: e2eLog,
  });
}

/** The shared platform's address, in the environment jest's workers inherit. */
export function sharedSiteUrl(): string | undefined {
  return process.env[SHARED_URL];
}

export async function setup(): Promise<void> {
  running.sharedE2ePlatform = await startE2ePlatform();
  process.env[SHARED_URL] = running.sharedE2ePlatform.url;
}

export async function teardown(): Promise<void> {
  await running.sharedE2ePlatform?.stop();
}
