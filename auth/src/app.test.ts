import { startTestAuthService, type TestAuthService } from './test/auth-test-service';

let auth: TestAuthService;
beforeAll(async () => {
  auth = await startTestAuthService();
});
afterAll(() => auth.stop());

describe('the auth HTTP service', () => {
  it('when the body is malformed JSON, then it answers 400 with the standard error body', async () => {
    const res = await auth
      .http()
      .post('/api/users/signup')
      .set('Content-Type', 'application/json')
      .send('{"email": "a@b.c", "password": ');

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [{ message: 'Malformed JSON body' }] });
  });

  it('when the body is larger than the limit, then it answers 413 with the standard error body', async () => {
    const res = await auth
      .http()
      .post('/api/users/signup')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(200_000) }));

    expect(res.status).toBe(413);
    expect(res.body.errors).toHaveLength(1);
  });

  it('when the route does not exist, then it answers 404 with the standard error body', async () => {
    const res = await auth.http().get('/api/users/nope');

    expect(res.status).toBe(404);
    expect(res.body).toEqual({ errors: [{ message: 'Route not found: GET /api/users/nope' }] });
  });

  it('when asked /healthz, then it answers 200', async () => {
    await auth.http().get('/healthz').expect(200, { status: 'ok' });
  });

  it('when the database is connected, then /readyz answers 200 ready', async () => {
    const res = await auth.http().get('/readyz');

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ready', checks: { mongo: true } });
  });

  it('when answering, then it does not advertise Express', async () => {
    const res = await auth.http().get('/healthz');

    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});
