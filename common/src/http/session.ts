import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import cookieSession from 'cookie-session';
import type { Request, RequestHandler } from 'express';

export interface UserPayload {
  id: string;
  email: string;
}

export interface SessionOptions {
  jwtKey: string;
  ttlSeconds: number;
  secureCookie: boolean;
}

/** The session settings every service reads from its environment (the shared config shape). */
export function sessionOptionsFrom(config: {
  JWT_KEY: string;
  SESSION_TTL_SECONDS: number;
  COOKIE_SECURE: boolean;
}): SessionOptions {
  return {
    jwtKey: config.JWT_KEY,
    ttlSeconds: config.SESSION_TTL_SECONDS,
    secureCookie: config.COOKIE_SECURE,
  };
}

export const SESSION_COOKIE = 'session';

/** The cookie that carries the session token: readable by no script, sent on same-site navigation. */
export function sessionCookie(options: SessionOptions): RequestHandler {
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
  options: Pick<SessionOptions, 'jwtKey' | 'ttlSeconds'>,
): string {
  return jwt.sign({ email: user.email }, options.jwtKey, {
    algorithm: 'HS256',
    subject: user.id,
    expiresIn: options.ttlSeconds,
  });
}

/**
 * The JWT key as a key object, made once. Given the raw string on every call, jsonwebtoken first tries
 * to read it as a PEM public key and fails (an exception per request): that was a third of the CPU of
 * a service answering authenticated requests.
 */
export function sessionKey(jwtKey: string): KeyObject {
  return createSecretKey(Buffer.from(jwtKey));
}

/** The user a token names, or null for a tampered, expired or otherwise invalid token. */
export function verifySessionToken(
  token: string,
  jwtKey: string | KeyObject,
): { user: UserPayload } | { error: string } {
  try {
    const payload = jwt.verify(token, jwtKey, { algorithms: ['HS256'] });
    if (
      typeof payload === 'string' ||
      typeof payload.sub !== 'string' ||
      typeof payload.email !== 'string'
    ) {
      return { error: 'token has no user' };
    }
    return { user: { id: payload.sub, email: payload.email } };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

/** Signs the user in: the response sets the session cookie holding a fresh token. */
export function startSession(req: Request, user: UserPayload, options: SessionOptions): void {
  req.session = { jwt: signSessionToken(user, options) };
}

/**
 * Signs the user out on this client: the response clears the cookie. The token itself stays valid
 * until it expires (it is not revoked server-side); see the README.
 */
export function endSession(req: Request): void {
  req.session = null;
}
