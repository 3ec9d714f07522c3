import jwt from 'jsonwebtoken';
import { sessionCookieFor, TEST_JWT_KEY, testUser } from '@ticketing/common/testing';
import {
  sessionCookieOf,
  startTestAuthService,
  uniqueEmail,
  type TestAuthService,
} from '../test/auth-test-service';

let auth: TestAuthService;
beforeAll(async () => {
  auth = await startTestAuthService({ SESSION_TTL_SECONDS: '3600' });
});
afterAll(() => auth.stop());

const cookieWithToken = (token: string) =>
  `session=${Buffer.from(JSON.stringify({ jwt: token })).toString('base64')}`;

describe('the session cookie', () => {
  it('when a user signs up, then the cookie is httpOnly, SameSite=Lax, Secure and lives as long as the token', async () => {
    const res = await auth
      .http()
      .post('/api/users/signup')
      .send({ email: uniqueEmail(), password: 'correct horse' });

    const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? [])[0]!.toLowerCase();
    expect(cookie).toContain('httponly');
    expect(cookie).toContain('samesite=lax');
    expect(cookie).toContain('secure');
    const expires = Date.parse(/expires=([^;]+)/.exec(cookie)![1]!);
    expect(expires - Date.now()).toBeGreaterThan(3590_000);
    expect(expires - Date.now()).toBeLessThanOrEqual(3600_000);
  });

  it('when COOKIE_SECURE is false (local http), then the cookie is not marked Secure', async () => {
    const local = await startTestAuthService({ COOKIE_SECURE: 'false' });
    try {
      const res = await local
        .http()
        .post('/api/users/signup')
        .send({ email: uniqueEmail(), password: 'correct horse' });
      expect(String(res.headers['set-cookie']).toLowerCase()).not.toContain('secure');
    } finally {
      await local.stop();
    }
  });
});

describe('GET /api/users/currentuser', () => {
  it('when signed in, then it answers the current user', async () => {
    const email = uniqueEmail();
    const signup = await auth
      .http()
      .post('/api/users/signup')
      .send({ email, password: 'correct horse' });

    const res = await auth
      .http()
      .get('/api/users/currentuser')
      .set('Cookie', sessionCookieOf(signup));

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ currentUser: { id: signup.body.id, email } });
  });

  it('when not signed in, then currentUser is null', async () => {
    const res = await auth.http().get('/api/users/currentuser');

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ currentUser: null });
  });

  it('when the token was signed with another key, then it authenticates nobody', async () => {
    const token = jwt.sign(
      { email: 'mallory@example.com' },
      'some-other-key-of-at-least-32-chars!!',
      {
        subject: 'someone',
        expiresIn: 60,
      },
    );

    const res = await auth
      .http()
      .get('/api/users/currentuser')
      .set('Cookie', cookieWithToken(token));

    expect(res.body).toEqual({ currentUser: null });
  });

  it('when the token was tampered with, then it authenticates nobody', async () => {
    const cookie = sessionCookieFor(testUser(), TEST_JWT_KEY);
    const token = JSON.parse(Buffer.from(cookie.split('=')[1]!, 'base64').toString()).jwt as string;
    const [header, , signature] = token.split('.');
    const forgedPayload = Buffer.from(
      JSON.stringify({ sub: 'admin', email: 'admin@example.com' }),
    ).toString('base64url');

    const res = await auth
      .http()
      .get('/api/users/currentuser')
      .set('Cookie', cookieWithToken(`${header}.${forgedPayload}.${signature}`));

    expect(res.body).toEqual({ currentUser: null });
  });

  it('when the token has expired, then it authenticates nobody', async () => {
    const expired = jwt.sign({ email: 'late@example.com' }, TEST_JWT_KEY, {
      subject: 'late',
      expiresIn: -10,
    });

    const res = await auth
      .http()
      .get('/api/users/currentuser')
      .set('Cookie', cookieWithToken(expired));

    expect(res.body).toEqual({ currentUser: null });
  });

  it('when the token uses the "none" algorithm, then it authenticates nobody', async () => {
    const unsigned = jwt.sign({ email: 'none@example.com' }, '', {
      subject: 'none',
      algorithm: 'none',
    });

    const res = await auth
      .http()
      .get('/api/users/currentuser')
      .set('Cookie', cookieWithToken(unsigned));

    expect(res.body).toEqual({ currentUser: null });
  });

  it('when the cookie is not base64 JSON at all, then it authenticates nobody and does not fail', async () => {
    const res = await auth.http().get('/api/users/currentuser').set('Cookie', 'session=%%%garbage');

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ currentUser: null });
  });
});

describe('POST /api/users/signout', () => {
  it('when signed in, then it answers 204 and clears the cookie', async () => {
    const signup = await auth
      .http()
      .post('/api/users/signup')
      .send({ email: uniqueEmail(), password: 'correct horse' });

    const res = await auth.http().post('/api/users/signout').set('Cookie', sessionCookieOf(signup));

    expect(res.status).toBe(204);
    const cleared = String(res.headers['set-cookie']);
    expect(cleared).toMatch(/^session=;/);
    expect(cleared).toMatch(/expires=Thu, 01 Jan 1970/i);
  });

  it('when not signed in, then it still answers 204', async () => {
    await auth.http().post('/api/users/signout').expect(204);
  });
});
