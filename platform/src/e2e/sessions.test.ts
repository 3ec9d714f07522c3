import { waitFor } from '@ticketing/common/testing';
import { startStan, type RunningServer } from '@ticketing/local-servers';
import { startPlatform, type Platform } from '../start-platform';
import { recordDelay, reportDelays } from './support/delays';
import { Shopper } from './support/shopper';
import { e2eLog } from './support/e2e-log';

// "Sign out everywhere" through the gateway, on both buses: auth publishes user.sessions-revoked
// through its outbox and every service that serves sessions stops honouring the older cookies.
const REVOCATION_DEADLINE_MS = 2_000;

/**
 * Asks each service something only a signed-in user may, with the shopper's cookie: the services
 * that still take it for a session. Auth answers who is signed in (null: nobody).
 */
async function servicesAccepting(shopper: Shopper): Promise<string[]> {
  const checks: [string, () => Promise<boolean>][] = [
    [
      'auth',
      async () => (await shopper.call('GET', '/api/users/currentuser')).body.currentUser !== null,
    ],
    [
      'tickets',
      async () =>
        (await shopper.call('POST', '/api/tickets', { title: 'Stolen', price: 10 })).status !== 401,
    ],
    ['orders', async () => (await shopper.call('GET', '/api/orders')).status !== 401],
    [
      'payments',
      async () =>
        (await shopper.call('POST', '/api/payments', { orderId: 'x', token: 'tok_visa' }))
          .status !== 401,
    ],
  ];
  const results = await Promise.all(checks.map(async ([name, accepts]) => [name, await accepts()]));
  return results.filter(([, accepts]) => accepts).map(([name]) => name as string);
}

afterAll(() => reportDelays('sessions'));

describe.each(['jetstream', 'stan'] as const)('sessions revoked on %s', (bus) => {
  let stan: RunningServer | undefined;
  let platform: Platform;
  beforeAll(async () => {
    // The runner starts NATS with JetStream; NATS Streaming is started here and given to it.
    stan = bus === 'stan' ? await startStan() : undefined;
    platform = await startPlatform({
      port: 0,
      env: {
        LOG_LEVEL: 'warn',
        AUTH_RATE_LIMIT_MAX: '100000',
        EVENT_BUS: bus,
        ...(stan && { NATS_URL: stan.url, NATS_CLUSTER_ID: 'ticketing-test' }),
      },
      log: e2eLog,
    });
  }, 120_000);
  afterAll(async () => {
    await platform?.stop();
    await stan?.stop();
  });

  it("when a user signs out everywhere on one device, then a copy of the other device's cookie gets 401 on every service within 2 s, and signing in again works", async () => {
    const phone = await new Shopper(platform.url).signUp();
    const laptop = new Shopper(platform.url);
    const signedIn = await laptop.call('POST', '/api/users/signin', {
      email: phone.email,
      password: phone.password,
    });
    expect(signedIn.status).toBe(200);
    // The laptop's session works everywhere before the revocation.
    expect(await servicesAccepting(laptop)).toEqual(['auth', 'tickets', 'orders', 'payments']);

    const signedOut = await phone.call('POST', '/api/users/signout?all=true');
    const revokedAt = Date.now();
    expect(signedOut.status).toBe(204);

    let accepting: string[] = [];
    await waitFor(async () => (accepting = await servicesAccepting(laptop)).length === 0, {
      timeoutMs: REVOCATION_DEADLINE_MS,
      what: 'every service to refuse the revoked session',
    }).catch((err: Error) => {
      throw new Error(`${err.message}; still accepted by ${accepting.join(', ')}`);
    });
    recordDelay(`sign out everywhere -> 401 on every service (${bus})`, Date.now() - revokedAt);

    const again = await laptop.call('POST', '/api/users/signin', {
      email: phone.email,
      password: phone.password,
    });
    expect(again.status).toBe(200);
    expect((await laptop.call('GET', '/api/orders')).status).toBe(200);
  }, 60_000);
});
