import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { SESSION_COOKIE, signSessionToken, type UserPayload } from '../http/session';

/** A user who never signed up: a fresh id and email per call, so tests never share data. */
export function testUser(overrides: Partial<UserPayload> = {}): UserPayload {
  return {
    id: new Types.ObjectId().toHexString(),
    email: `user-${randomUUID()}@test.example`,
    ...overrides,
  };
}

/** The `Cookie` header of a signed-in session, exactly as cookie-session would set it. */
export function sessionCookieFor(user: UserPayload, jwtKey: string, ttlSeconds = 3600): string {
  const session = Buffer.from(
    JSON.stringify({ jwt: signSessionToken(user, { jwtKey, ttlSeconds }) }),
  ).toString('base64');
  return `${SESSION_COOKIE}=${session}`;
}
