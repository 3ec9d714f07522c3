import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { SESSION_COOKIE, signSessionToken, type UserPayload } from '../http/session';
import {
  generateSessionKeys,
  parseSessionSigningKey,
  type SessionSigningKey,
} from '../http/session-keys';

/**
 * The session keys of every service under test, as the environment gives them: a key pair made per
 * test file, so no private key is kept in the repository (never used outside tests).
 */
export const TEST_SESSION_KEYS = generateSessionKeys();

/** The key auth signs with under test, so a test can sign users in. */
export const testSigningKey: SessionSigningKey = parseSessionSigningKey(
  TEST_SESSION_KEYS.SESSION_SIGNING_KEY,
);

/** A user who never signed up: a fresh id and email per call, so tests never share data. */
export function testUser(overrides: Partial<UserPayload> = {}): UserPayload {
  return {
    id: new Types.ObjectId().toHexString(),
    email: `user-${randomUUID()}@test.example`,
    ...overrides,
  };
}

/** The `session=…` Cookie header carrying `token`, exactly as cookie-session would set it. */
export function sessionCookieWith(token: string): string {
  return `${SESSION_COOKIE}=${Buffer.from(JSON.stringify({ jwt: token })).toString('base64')}`;
}

/** The `Cookie` header of a signed-in session, exactly as cookie-session would set it. */
export function sessionCookieFor(
  user: UserPayload,
  { signingKey = testSigningKey, ttlSeconds = 3600 } = {},
): string {
  return sessionCookieWith(signSessionToken(user, { signingKey, ttlSeconds }));
}
