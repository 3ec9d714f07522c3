import { Writable } from 'node:stream';
import pino from 'pino';
import { startRedis, type RunningServer } from '@ticketing/local-servers';
import { waitFor } from '@ticketing/common/testing';
import { startTestAuthService, uniqueEmail, type TestAuthService } from '../test/auth-test-service';

const WINDOW_MS = 60_000;

/** A client address of its own per test (from the test, a trusted gateway), so tests share no counter. */
let lastOctet = 0;
const clientAddress = () => `203.0.113.${++lastOctet}`;

const signIn = (auth: TestAuthService, from: string, email: string, password = 'wrong password') =>
  auth.http().post('/api/users/signin').set('X-Forwarded-For', from).send({ email, password });

function recordingLogger() {
  const warnings: string[] = [];
  const logger = pino(
    { level: 'warn' },
    new Writable({
      write(chunk, _enc, done) {
        warnings.push((JSON.parse(String(chunk)) as { msg: string }).msg);
        done();
      },
    }),
  );
  return { logger, warnings };
}

describe('sign-in and sign-up attempts', () => {
  let auth: TestAuthService;
  beforeAll(async () => {
    auth = await startTestAuthService({
      AUTH_RATE_LIMIT_MAX: '3',
      AUTH_ACCOUNT_RATE_LIMIT_MAX: '3',
      AUTH_RATE_LIMIT_WINDOW_MS: String(WINDOW_MS),
    });
  });
  afterAll(() => auth.stop());

  it('when a client exceeds the attempts per window, then it gets 429 with the standard error body and Retry-After', async () => {
    const client = clientAddress();

    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await signIn(auth, client, uniqueEmail())).status);
    const limited = await signIn(auth, client, uniqueEmail());

    expect(statuses).toEqual([400, 400, 400]);
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({
      errors: [{ message: 'Too many requests, please try again later' }],
    });
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(WINDOW_MS / 1000);
  });

  it('when one account gets failed sign-ins from many addresses, then it is limited on its own', async () => {
    const email = uniqueEmail();
    await auth.http().post('/api/users/signup').send({ email, password: 'correct horse' });

    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await signIn(auth, clientAddress(), email)).status);
    const rightPassword = await signIn(
      auth,
      clientAddress(),
      ` ${email.toUpperCase()} `,
      'correct horse',
    );
    const otherAccount = await signIn(auth, clientAddress(), uniqueEmail());

    expect(statuses).toEqual([400, 400, 400, 429]);
    expect(rightPassword.status).toBe(429);
    expect(Number(rightPassword.headers['retry-after'])).toBeGreaterThan(0);
    expect(otherAccount.status).toBe(400);
  });

  it('when a client signs in successfully again and again, then it uses up none of its address budget', async () => {
    const client = clientAddress();
    const email = uniqueEmail();
    await auth
      .http()
      .post('/api/users/signup')
      .set('X-Forwarded-For', clientAddress())
      .send({ email, password: 'correct horse' });

    const statuses = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await signIn(auth, client, email, 'correct horse')).status);

    expect(statuses).toEqual([200, 200, 200, 200, 200]);
  });

  it('when limited, then reading the current user is still allowed', async () => {
    const client = clientAddress();
    for (let i = 0; i < 4; i++) await signIn(auth, client, uniqueEmail());

    const res = await auth.http().get('/api/users/currentuser').set('X-Forwarded-For', client);

    expect(res.status).toBe(200);
  });
});

describe('a client that is not a trusted proxy', () => {
  let redis: RunningServer;
  let auth: TestAuthService;
  beforeAll(async () => {
    // Its own Redis: its address (127.0.0.1) is every other test's too, and this counts from zero.
    redis = await startRedis();
    // Only the documentation range is a proxy here, so the test's own connection is a plain client.
    auth = await startTestAuthService({
      REDIS_URL: redis.url,
      AUTH_RATE_LIMIT_MAX: '3',
      TRUST_PROXY: '192.0.2.0/24',
    });
  });
  afterAll(async () => {
    await auth.stop();
    await redis.stop();
  });

  it('when it sends a new X-Forwarded-For with each attempt, then it stays limited', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await signIn(auth, clientAddress(), uniqueEmail())).status);

    expect(statuses).toEqual([400, 400, 400, 429]);
  });
});

describe('two auth replicas', () => {
  let replicas: TestAuthService[];
  beforeAll(async () => {
    const limits = { AUTH_RATE_LIMIT_MAX: '1000', AUTH_ACCOUNT_RATE_LIMIT_MAX: '4' };
    replicas = [await startTestAuthService(limits), await startTestAuthService(limits)];
  });
  afterAll(() => Promise.all(replicas.map((r) => r.stop())));

  it('when failed sign-ins alternate between replicas, then they count them together', async () => {
    const email = uniqueEmail();

    const statuses = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await signIn(replicas[i % 2]!, clientAddress(), email)).status);

    expect(statuses).toEqual([400, 400, 400, 400, 429, 429]);
  });
});

describe('when Redis is away', () => {
  let redis: RunningServer;
  let auth: TestAuthService;
  let warnings: string[];
  beforeAll(async () => {
    redis = await startRedis();
    const recording = recordingLogger();
    warnings = recording.warnings;
    auth = await startTestAuthService(
      { REDIS_URL: redis.url, AUTH_RATE_LIMIT_MAX: '2', AUTH_ACCOUNT_RATE_LIMIT_MAX: '2' },
      { logger: recording.logger },
    );
  });
  afterAll(async () => {
    await auth.stop();
    await redis.stop();
  });

  it('then sign-in and sign-up still work, unlimited, with one warning for the outage', async () => {
    await redis.stop();
    const client = clientAddress();
    const email = uniqueEmail();

    const signUp = await auth
      .http()
      .post('/api/users/signup')
      .set('X-Forwarded-For', client)
      .send({ email, password: 'correct horse' });
    const failures = [];
    for (let i = 0; i < 5; i++) failures.push((await signIn(auth, client, email)).status);
    const success = await signIn(auth, client, email, 'correct horse');

    expect(signUp.status).toBe(201);
    expect(failures).toEqual([400, 400, 400, 400, 400]);
    expect(success.status).toBe(200);
    expect(warnings.filter((w) => /Redis is unreachable/.test(w))).toHaveLength(1);
  });

  it('then, once it is back, limiting resumes', async () => {
    redis = await startRedis({ port: Number(new URL(redis.url).port) });
    const client = clientAddress();

    const statuses = await waitFor(
      async () => {
        const email = uniqueEmail();
        const seen = [];
        for (let i = 0; i < 3; i++) seen.push((await signIn(auth, client, email)).status);
        return seen.includes(429) ? seen : undefined;
      },
      { timeoutMs: 10_000 },
    );

    expect(statuses).toContain(429);
  });
});
