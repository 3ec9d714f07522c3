import { startTestAuthService, uniqueEmail, type TestAuthService } from '../test/auth-test-service';

let auth: TestAuthService;
beforeAll(async () => {
  auth = await startTestAuthService({
    AUTH_RATE_LIMIT_MAX: '3',
    AUTH_RATE_LIMIT_WINDOW_MS: '60000',
  });
});
afterAll(() => auth.stop());

describe('sign-in and sign-up rate limiting', () => {
  it('when a client exceeds the attempts per window, then it gets 429 with the standard error body', async () => {
    const client = '203.0.113.7';
    const attempt = () =>
      auth
        .http()
        .post('/api/users/signin')
        .set('X-Forwarded-For', client)
        .send({ email: uniqueEmail(), password: 'wrong password' });

    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await attempt()).status);
    const limited = await attempt();

    expect(statuses).toEqual([400, 400, 400]);
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({
      errors: [{ message: 'Too many requests, please try again later' }],
    });
    expect(limited.headers['ratelimit-policy']).toBeDefined();
  });

  it('when one client is limited, then another client (another forwarded address) is not', async () => {
    for (let i = 0; i < 4; i++) {
      await auth
        .http()
        .post('/api/users/signup')
        .set('X-Forwarded-For', '203.0.113.8')
        .send({ email: 'bad', password: 'x' });
    }

    const other = await auth
      .http()
      .post('/api/users/signup')
      .set('X-Forwarded-For', '203.0.113.9')
      .send({ email: uniqueEmail(), password: 'correct horse' });

    expect(other.status).toBe(201);
  });

  it('when limited, then reading the current user is still allowed', async () => {
    const res = await auth
      .http()
      .get('/api/users/currentuser')
      .set('X-Forwarded-For', '203.0.113.7');

    expect(res.status).toBe(200);
  });
});
