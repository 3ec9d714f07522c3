import { createHmac, randomUUID } from 'node:crypto';
import { startPlatform, type Platform } from '../start-platform';
import { Shopper, signedUp } from './support/shopper';
import { e2eLog } from './support/e2e-log';

// Black-box: the whole platform behind the gateway, spoken to only over HTTP as an attacker would.
// The payments test provider stands in for Stripe's API (unreachable here); the webhook is signed
// the way Stripe signs it, with a secret made for this run.
const WEBHOOK_SECRET = `whsec_${randomUUID().replace(/-/g, '')}`;
let platform: Platform;
beforeAll(async () => {
  platform = await startPlatform({
    port: 0,
    env: {
      LOG_LEVEL: 'warn',
      AUTH_RATE_LIMIT_MAX: '100000',
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    },
    log: e2eLog,
  });
}, 120_000);
afterAll(() => platform?.stop());

/** A request with headers of our choosing (a browser's fetch metadata, another site's Origin). */
async function send(
  method: string,
  path: string,
  { headers = {}, body }: { headers?: Record<string, string>; body?: unknown } = {},
) {
  const res = await fetch(`${platform.url}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

const CROSS_SITE = { 'Sec-Fetch-Site': 'cross-site', Origin: 'https://evil.example' };
const REFUSED = { errors: [{ message: 'Cross-site request refused' }] };

describe('security headers on the APIs', () => {
  it('when the private answers are read, then each carries nosniff and Cache-Control: no-store', async () => {
    const [seller, buyer] = await signedUp(platform.url, 2);
    const ticket = await seller!.sellTicket();
    const { order } = await buyer!.orderWhenAvailable(ticket.id);
    const signedIn = { headers: buyer!.sessionHeaders() };

    const answers = await Promise.all([
      send('GET', '/api/users/currentuser', signedIn),
      send('GET', '/api/orders', signedIn),
      send('GET', `/api/orders/${order.id}`, signedIn),
      send('POST', '/api/payments', { ...signedIn, body: { orderId: order.id, token: 'x' } }),
      send('GET', '/api/tickets'),
      send('GET', '/api/tickets/no/such/route'),
    ]);

    for (const answer of answers) {
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(answer.headers.get('cache-control')).toBe('no-store');
      expect(answer.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    }
  });
});

describe('cross-site requests', () => {
  it('when another site makes a signed-in browser POST sign-out, then it is refused and the session lives on', async () => {
    const [victim] = await signedUp(platform.url, 1);

    const res = await send('POST', '/api/users/signout', {
      headers: { ...victim!.sessionHeaders(), ...CROSS_SITE },
    });

    expect(res.status).toBe(403);
    expect(res.body).toEqual(REFUSED);
    expect(res.headers.getSetCookie()).toEqual([]);
    expect((await victim!.call('GET', '/api/users/currentuser')).body.currentUser?.id).toBe(
      victim!.id,
    );
  });

  it.each([
    ['Sec-Fetch-Site: cross-site', { 'Sec-Fetch-Site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site', { 'Sec-Fetch-Site': 'same-site' }],
    ['only an Origin of another site (an older browser)', { Origin: 'https://evil.example' }],
  ])(
    'when another site makes a signed-in browser sell a ticket with %s, then it is refused',
    async (_how, headers) => {
      const [victim] = await signedUp(platform.url, 1);
      const res = await send('POST', '/api/tickets', {
        headers: { ...victim!.sessionHeaders(), ...headers },
        body: { title: 'Forged', price: 10 },
      });

      expect(res.status).toBe(403);
      expect(res.body).toEqual(REFUSED);
    },
  );

  it("when the site's own page posts (same-origin fetch metadata and Origin), then it is served", async () => {
    const [seller] = await signedUp(platform.url, 1);

    const res = await send('POST', '/api/tickets', {
      headers: {
        ...seller!.sessionHeaders(),
        'Sec-Fetch-Site': 'same-origin',
        Origin: platform.url,
      },
      body: { title: 'Sold from the site', price: 10 },
    });

    expect(res.status).toBe(201);
  });

  it('when Stripe posts a webhook (server to server, no Origin), then it reaches the webhook handler', async () => {
    const res = await send('POST', '/api/payments/webhook', {
      headers: { 'Stripe-Signature': 't=1,v1=forged' },
      body: { type: 'payment_intent.succeeded' },
    });

    expect(res.status).not.toBe(403);
    expect(res.status).toBeLessThan(500);
  });
});

describe('bad input', () => {
  it.each(['/api/tickets/%E0%A4%A', '/api/orders/%', '/api/tickets/%ZZ'])(
    'when a path has malformed percent-encoding (%s), then it answers 400 with the standard body',
    async (path) => {
      const [shopper] = await signedUp(platform.url, 1);

      const res = await send('GET', path, { headers: shopper!.sessionHeaders() });

      expect(res.status).toBe(400);
      expect(res.body).toEqual({ errors: [{ message: expect.any(String) }] });
    },
  );

  it('when a ticket title holds a NUL, then it answers 400 naming the title', async () => {
    const [seller] = await signedUp(platform.url, 1);

    const res = await seller!.call('POST', '/api/tickets', {
      title: 'Opera\u0000night',
      price: 10,
    });

    expect(res).toEqual({
      status: 400,
      body: { errors: [{ message: 'Title must not contain control characters', field: 'title' }] },
    });
  });

  it('when the JSON body is malformed, then it answers 400 Malformed JSON body', async () => {
    const [seller] = await signedUp(platform.url, 1);

    const res = await fetch(`${platform.url}/api/tickets`, {
      method: 'POST',
      headers: { ...seller!.sessionHeaders(), 'Content-Type': 'application/json' },
      body: '{"title": "x", ',
    });

    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ errors: [{ message: 'Malformed JSON body' }] });
  });
});

describe('ownership', () => {
  it("when someone reads, cancels or pays another's order, then it answers 404 as if it did not exist", async () => {
    const [seller, buyer, intruder] = await signedUp(platform.url, 3);
    const ticket = await seller!.sellTicket();
    const { order } = await buyer!.orderWhenAvailable(ticket.id);
    // Wait until payments knows the order, so a 404 below is about ownership, not timing.
    await buyer!.payWhenKnown(order.id, 'tok_chargeDeclined');

    expect((await intruder!.call('GET', `/api/orders/${order.id}`)).status).toBe(404);
    expect((await intruder!.call('DELETE', `/api/orders/${order.id}`)).status).toBe(404);
    const paid = await intruder!.call('POST', '/api/payments', {
      orderId: order.id,
      token: 'tok_visa',
    });
    expect(paid.status).toBe(404);
    expect((await buyer!.call('GET', `/api/orders/${order.id}`)).body.status).toBe('created');
  });

  it("when someone edits another seller's ticket, then it answers 403 and the ticket is unchanged", async () => {
    const [seller, intruder] = await signedUp(platform.url, 2);
    const ticket = await seller!.sellTicket('Mine', 30);

    const res = await intruder!.call('PUT', `/api/tickets/${ticket.id}`, {
      title: 'Stolen',
      price: 1,
    });

    expect(res.status).toBe(403);
    expect((await new Shopper(platform.url).call('GET', `/api/tickets/${ticket.id}`)).body).toEqual(
      ticket,
    );
  });
});

describe('sessions', () => {
  it('when a session cookie is tampered with (its user id changed), then no service takes it', async () => {
    const [user] = await signedUp(platform.url, 1);
    const cookie = user!.sessionHeaders().cookie!;
    const session = JSON.parse(Buffer.from(cookie.slice('session='.length), 'base64').toString());
    const [header, payload, signature] = (session.jwt as string).split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, id: randomUUID() })).toString(
      'base64url',
    );
    const tampered = `session=${Buffer.from(JSON.stringify({ jwt: `${header}.${forged}.${signature}` })).toString('base64')}`;
    const asForger = { headers: { Cookie: tampered } };

    const answers = await Promise.all([
      send('GET', '/api/orders', asForger),
      send('POST', '/api/tickets', { ...asForger, body: { title: 'Forged', price: 10 } }),
      send('POST', '/api/payments', { ...asForger, body: { orderId: 'x', token: 'tok_visa' } }),
      send('GET', '/api/users/currentuser', asForger),
    ]);

    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 200]);
    expect(answers[3]!.body).toEqual({ currentUser: null });
  });
});

describe('rate limits', () => {
  it('when one account is guessed at with a new X-Forwarded-For each time, then it is still limited, with Retry-After', async () => {
    const [victim] = await signedUp(platform.url, 1);
    const guess = (i: number) =>
      fetch(`${platform.url}/api/users/signin`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': `198.51.100.${i}` },
        body: JSON.stringify({ email: victim!.email, password: `guess number ${i}` }),
      });

    const statuses: number[] = [];
    for (let i = 1; i <= 10; i++) statuses.push((await guess(i)).status);
    const limited = await guess(11);

    expect(statuses).toEqual(Array(10).fill(400));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('when one order is tried with card after declined card, then the sixth attempt is refused 429 with Retry-After, uncharged', async () => {
    const [seller, buyer] = await signedUp(platform.url, 2);
    const ticket = await seller!.sellTicket();
    const { order } = await buyer!.orderWhenAvailable(ticket.id);

    const declines = [(await buyer!.payWhenKnown(order.id, 'tok_chargeDeclined')).status];
    for (let i = 0; i < 4; i++) {
      declines.push((await buyer!.call('POST', '/api/payments', payment(order.id))).status);
    }
    const sixth = await send('POST', '/api/payments', {
      headers: buyer!.sessionHeaders(),
      body: { orderId: order.id, token: 'tok_visa' },
    });

    expect(declines).toEqual([402, 402, 402, 402, 402]);
    expect(sixth.status).toBe(429);
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await buyer!.call('GET', `/api/orders/${order.id}`)).body.status).toBe('created');
  });
});

const payment = (orderId: string) => ({ orderId, token: 'tok_chargeDeclined' });

/** A webhook delivery signed as Stripe signs them (HMAC-SHA256 of "timestamp.payload"). */
function stripeWebhook(event: unknown) {
  const payload = JSON.stringify(event);
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = createHmac('sha256', WEBHOOK_SECRET)
    .update(`${timestamp}.${payload}`)
    .digest('hex');
  return fetch(`${platform.url}/api/payments/webhook`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'Stripe-Signature': `t=${timestamp},v1=${signature}`,
    },
    body: payload,
  });
}

const succeeded = (intent: { id: string; orderId: string; amount: number; currency: string }) => ({
  id: `evt_${randomUUID().replace(/-/g, '')}`,
  object: 'event',
  type: 'payment_intent.succeeded',
  created: Math.floor(Date.now() / 1000),
  data: {
    object: {
      id: intent.id,
      object: 'payment_intent',
      amount: intent.amount,
      currency: intent.currency,
      status: 'succeeded',
      metadata: { orderId: intent.orderId },
    },
  },
});

describe('the payments webhook', () => {
  it('when a correctly signed success is for 1 yen of a $25.50 order, then the order is not completed', async () => {
    const [seller, buyer] = await signedUp(platform.url, 2);
    const ticket = await seller!.sellTicket('Cheap trick', 25.5);
    const { order } = await buyer!.orderWhenAvailable(ticket.id);
    // A card that needs the buyer: payments creates the intent and answers its client secret.
    const pending = await buyer!.payWhenKnown(order.id, 'pm_card_authenticationRequired');
    expect(pending.status).toBe(202);
    const intentId = (pending.body.clientSecret as string).split('_secret_')[0]!;

    const cheap = await stripeWebhook(
      succeeded({ id: intentId, orderId: order.id, amount: 1, currency: 'jpy' }),
    );

    expect(cheap.status).toBeLessThan(500);
    // Had the yen been taken as the payment, paying now would answer 400 Order is already paid.
    expect(
      (await buyer!.call('POST', '/api/payments', { orderId: order.id, token: 'tok_visa' })).status,
    ).toBe(201);
    await buyer!.waitForOrderStatus(order.id, 'complete');
  });

  it('when a signed event is malformed (no data.object, an object as the order id), then it answers 400', async () => {
    const noObject = await stripeWebhook({
      id: 'evt_1',
      type: 'payment_intent.succeeded',
      data: {},
    });
    const objectOrderId = await stripeWebhook({
      ...succeeded({ id: 'pi_1', orderId: 'x', amount: 100, currency: 'usd' }),
      data: { object: { id: 'pi_1', object: 'payment_intent', metadata: { orderId: { $ne: 1 } } } },
    });

    expect([noObject.status, objectOrderId.status]).toEqual([400, 400]);
  });
});
