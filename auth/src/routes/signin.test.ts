import { startTestAuthService, uniqueEmail, type TestAuthService } from '../test/auth-test-service';

let auth: TestAuthService;
beforeAll(async () => {
  auth = await startTestAuthService();
});
afterAll(() => auth.stop());

async function signUp(email = uniqueEmail(), password = 'correct horse') {
  const res = await auth.http().post('/api/users/signup').send({ email, password }).expect(201);
  return { email, password, id: res.body.id as string };
}

describe('POST /api/users/signin', () => {
  it('when the credentials are right, then it answers 200 with the user and a session cookie', async () => {
    const user = await signUp();

    const res = await auth
      .http()
      .post('/api/users/signin')
      .send({ email: user.email, password: user.password });

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: user.id, email: user.email });
    expect(res.headers['set-cookie']).toEqual([expect.stringMatching(/^session=/)]);
  });

  it('when the email differs only in case and spaces, then it still signs in', async () => {
    const user = await signUp();

    const res = await auth
      .http()
      .post('/api/users/signin')
      .send({ email: ` ${user.email.toUpperCase()}`, password: user.password });

    expect(res.status).toBe(200);
  });

  it('when the password is wrong or the email unknown, then both answer the same 400 Invalid credentials', async () => {
    const user = await signUp();

    const wrongPassword = await auth
      .http()
      .post('/api/users/signin')
      .send({ email: user.email, password: 'wrong one!' });
    const unknownEmail = await auth
      .http()
      .post('/api/users/signin')
      .send({ email: uniqueEmail(), password: user.password });

    for (const res of [wrongPassword, unknownEmail]) {
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ errors: [{ message: 'Invalid credentials' }] });
      expect(res.headers['set-cookie']).toBeUndefined();
    }
  });

  it('when the password is missing, then it answers 400 naming the password field', async () => {
    const res = await auth.http().post('/api/users/signin').send({ email: uniqueEmail() });

    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ message: 'You must supply a password', field: 'password' }]);
  });

  it('when the email is malformed, then it answers 400 naming the email field', async () => {
    const res = await auth
      .http()
      .post('/api/users/signin')
      .send({ email: 'nope', password: 'whatever1' });

    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ message: 'Email must be valid', field: 'email' }]);
  });
});
