import jwt from 'jsonwebtoken';
import cookieSession from 'cookie-session';
import type { Request, RequestHandler } from 'express';
import {
  SESSION_TOKEN_ALGORITHM,
  type SessionPublicKeys,
  type SessionSigningKey,
} from './session-keys';

export interface UserPayload {
  id: string;
  email: string;
}

export interface SessionCookieOptions {
  ttlSeconds: number;
  secureCookie: boolean;
}

/** What auth needs to start sessions. */
export interface SessionSigningOptions extends SessionCookieOptions {
  signingKey: SessionSigningKey;
}

/** The session cookie settings every service reads from its environment (the shared config shape). */
export function sessionCookieOptionsFrom(config: {
  SESSION_TTL_SECONDS: number;
  COOKIE_SECURE: boolean;
}): SessionCookieOptions {
  return { ttlSeconds: config.SESSION_TTL_SECONDS, secureCookie: config.COOKIE_SECURE };
}

export const SESSION_COOKIE = 'session';

/** The cookie that carries the session token: readable by no script, sent on same-site navigation. */
export function sessionCookie(options: SessionCookieOptions): RequestHandler {
  return cookieSession({
    name: SESSION_COOKIE,
    signed: false, // the JWT inside is what is signed
    httpOnly: true,
    sameSite: 'lax',
    secure: options.secureCookie,
    maxAge: options.ttlSeconds * 1000,
  });
}

export function signSessionToken(
  user: UserPayload,
  { signingKey, ttlSeconds }: { signingKey: SessionSigningKey; ttlSeconds: number },
  now = Date.now(),
): string {
  // `iat` to the millisecond (RFC 7519 allows a fractional NumericDate): a revocation revokes what
  // was issued before it, and a sign-in a few milliseconds after it must not count as before.
  const issuedAt = now / 1000;
  return jwt.sign(
    { email: user.email, iat: issuedAt, exp: Math.floor(issuedAt) + ttlSeconds },
    signingKey.privateKey,
    { algorithm: SESSION_TOKEN_ALGORITHM, keyid: signingKey.kid, subject: user.id },
  );
}

export interface VerifiedSession {
  user: UserPayload;
  /** When auth issued the token, in milliseconds since the epoch. */
  issuedAt: number;
}

/**
 * The session a token carries, or why it carries none: signed by none of `publicKeys` (an unknown
 * `kid` included), tampered with, expired, without an expiry, or naming no user.
 */
export function verifySessionToken(
  token: string,
  publicKeys: SessionPublicKeys,
): VerifiedSession | { error: string } {
  try {
    const kid = jwt.decode(token, { complete: true })?.header.kid;
    const key = kid === undefined ? undefined : publicKeys.get(kid);
    if (!key) return { error: 'token signed with an unknown key' };
    const payload = jwt.verify(token, key, { algorithms: [SESSION_TOKEN_ALGORITHM] });
    if (typeof payload === 'string') return { error: 'token has no claims' };
    // jsonwebtoken checks `exp` only when it is there: a token without one would never expire.
    if (typeof payload.exp !== 'number') return { error: 'token has no expiry' };
    if (typeof payload.iat !== 'number') return { error: 'token has no issue time' };
    if (typeof payload.sub !== 'string' || typeof payload.email !== 'string') {
      return { error: 'token has no user' };
    }
    return {
      user: { id: payload.sub, email: payload.email },
      issuedAt: Math.round(payload.iat * 1000),
    };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

/** Signs the user in: the response sets the session cookie holding a fresh token. */
export function startSession(
  req: Request,
  user: UserPayload,
  options: SessionSigningOptions,
): void {
  req.session = { jwt: signSessionToken(user, options) };
}

/**
 * Signs the user out on this client: the response clears the cookie. Copies of the token elsewhere
 * stay valid until they expire or their user's sessions are revoked (`user.sessions-revoked`).
 */
export function endSession(req: Request): void {
  req.session = null;
}
