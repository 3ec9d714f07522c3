import { startTestAuthService, uniqueEmail, type TestAuthService } from '../test/auth-test-service';

let auth: TestAuthService;
beforeAll(async () => {
  auth = await startTestAuthService();
});
afterAll(() => auth.stop());

describe('POST /api/users/signup', () => {
  it('when the email and password are valid, then it answers 201 with the user and a session cookie', async () => {
    const email = uniqueEmail();
    const res = await auth
      .http()
      .post('/api/users/signup')
      .send({ email, password: 'correct horse' });

    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(String), email });
    expect(res.headers['set-cookie']).toEqual([expect.stringMatching(/^session=/)]);
  });

  it('when the email has spaces and capitals, then it is stored trimmed and lower-cased', async () => {
    const email = uniqueEmail();
    const res = await auth
      .http()
      .post('/api/users/signup')
      .send({ email: `  ${email.toUpperCase()} `, password: 'correct horse' });

    expect(res.status).toBe(201);
    expect(res.body.email).toBe(email);
  });

  it.each([
    ['not an email', 'not-an-email'],
    ['missing', undefined],
    ['not a string', 42],
  ])('when the email is %s, then it answers 400 naming the email field', async (_case, email) => {
    const res = await auth
      .http()
      .post('/api/users/signup')
      .send({ email, password: 'correct horse' });

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [{ message: 'Email must be valid', field: 'email' }] });
  });

  it.each([
    ['7 characters', 'x'.repeat(7)],
    ['129 characters', 'x'.repeat(129)],
    ['missing', undefined],
  ])(
    'when the password is %s, then it answers 400 naming the password field',
    async (_case, password) => {
      const res = await auth
        .http()
        .post('/api/users/signup')
        .send({ email: uniqueEmail(), password });

      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        errors: [{ message: 'Password must be between 8 and 128 characters', field: 'password' }],
      });
    },
  );

  it('when the password is exactly 8 or 128 characters, then it is accepted', async () => {
    for (const password of ['x'.repeat(8), 'x'.repeat(128)]) {
      const res = await auth
        .http()
        .post('/api/users/signup')
        .send({ email: uniqueEmail(), password });
      expect(res.status).toBe(201);
    }
  });

  it('when the email is already in use (in any case), then it answers 400 Email in use', async () => {
    const email = uniqueEmail();
    await auth
      .http()
      .post('/api/users/signup')
      .send({ email, password: 'correct horse' })
      .expect(201);

    const res = await auth
      .http()
      .post('/api/users/signup')
      .send({ email: email.toUpperCase(), password: 'another password' });

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [{ message: 'Email in use', field: 'email' }] });
  });

  it('when ten sign-ups with one email arrive at once, then exactly one succeeds and the rest get 400', async () => {
    const email = uniqueEmail();
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        auth.http().post('/api/users/signup').send({ email, password: 'correct horse' }),
      ),
    );

    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([201, ...Array(9).fill(400)]);
  });

  it('when the user is returned, then the password hash is never part of it', async () => {
    const res = await auth
      .http()
      .post('/api/users/signup')
      .send({ email: uniqueEmail(), password: 'correct horse' });

    expect(JSON.stringify(res.body)).not.toMatch(/password|scrypt/i);
  });
});
