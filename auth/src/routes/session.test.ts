import jwt from 'jsonwebtoken';
import { generateSessionKeys, parseSessionSigningKey, Subjects } from '@ticketing/common';
import {
  sessionCookieFor,
  sessionCookieWith,
  testSigningKey,
  testUser,
} from '@ticketing/common/testing';
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

const cookieWithToken = sessionCookieWith;

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
    const otherKey = parseSessionSigningKey(generateSessionKeys().SESSION_SIGNING_KEY);

    const res = await auth
      .http()
      .get('/api/users/currentuser')
      .set('Cookie', sessionCookieFor(testUser(), { signingKey: otherKey }));

    expect(res.body).toEqual({ currentUser: null });
  });

  it('when a correctly signed token has no expiry, then it authenticates nobody', async () => {
    const forever = jwt.sign({ email: 'forever@example.com' }, testSigningKey.privateKey, {
      algorithm: 'ES256',
      keyid: testSigningKey.kid,
      subject: 'forever',
    });

    const res = await auth
      .http()
      .get('/api/users/currentuser')
      .set('Cookie', cookieWithToken(forever));

    expect(res.body).toEqual({ currentUser: null });
  });

  it('when the token was tampered with, then it authenticates nobody', async () => {
    const cookie = sessionCookieFor(testUser());
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
    const res = await auth
      .http()
      .get('/api/users/currentuser')
      .set('Cookie', sessionCookieFor(testUser(), { ttlSeconds: -10 }));

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

  it('when a user signs out everywhere, then their other sessions sign in nobody once auth has the revocation, and a new sign-in does', async () => {
    const credentials = { email: uniqueEmail(), password: 'correct horse' };
    const signup = await auth.http().post('/api/users/signup').send(credentials).expect(201);
    const phone = sessionCookieOf(signup);
    const laptop = sessionCookieOf(
      await auth.http().post('/api/users/signin').send(credentials).expect(200),
    );

    const res = await auth.http().post('/api/users/signout?all=true').set('Cookie', phone);
    await auth.eventsPublished();

    expect(res.status).toBe(204);
    expect(String(res.headers['set-cookie'])).toMatch(/^session=;/);
    const revocations = auth.bus.dataOf(Subjects.UserSessionsRevoked);
    expect(revocations).toEqual([{ userId: signup.body.id, revokedBefore: expect.any(String) }]);
    await auth.bus.deliver(Subjects.UserSessionsRevoked, revocations[0]!);
    const stolen = await auth.http().get('/api/users/currentuser').set('Cookie', laptop);
    expect(stolen.body).toEqual({ currentUser: null });
    await auth.http().post('/api/users/signout?all=true').set('Cookie', laptop).expect(401);
    const again = await auth.http().post('/api/users/signin').send(credentials).expect(200);
    const fresh = await auth
      .http()
      .get('/api/users/currentuser')
      .set('Cookie', sessionCookieOf(again));
    expect(fresh.body.currentUser).toMatchObject({ email: credentials.email });
  });

  it('when not signed in, then signing out everywhere answers 401 and publishes nothing', async () => {
    const before = auth.bus.published.length;

    const res = await auth.http().post('/api/users/signout?all=true');

    expect(res.status).toBe(401);
    expect(res.body).toEqual({ errors: [{ message: 'Not authenticated' }] });
    expect(auth.bus.published).toHaveLength(before);
  });

  it('when all is neither true nor false, then it answers 400 naming it', async () => {
    const res = await auth.http().post('/api/users/signout?all=yes');

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [{ message: 'all must be true or false', field: 'all' }] });
  });
});
