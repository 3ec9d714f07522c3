import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { validationResult } from 'express-validator';
import { NotAuthenticatedError, NotFoundError, RequestValidationError } from '../errors/app-error';
import type { Logger } from '../logging/logger';
import type { SessionPublicKeys } from './session-keys';
import { verifySessionToken, type UserPayload, type VerifiedSession } from './session';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      currentUser?: UserPayload;
    }
  }
}

/** Where a service looks up the latest revocation of a user's sessions. */
export interface SessionRevocations {
  /** Sessions of `userId` issued before this instant (ms since the epoch) are revoked. */
  revokedBefore(userId: string): Promise<number | undefined>;
}

/** Checks a session token: signed by a known key, unexpired, and not revoked since it was issued. */
export class SessionVerifier {
  constructor(
    private readonly publicKeys: SessionPublicKeys,
    private readonly revocations: SessionRevocations,
  ) {}

  async verify(token: string): Promise<VerifiedSession | { error: string }> {
    const result = verifySessionToken(token, this.publicKeys);
    if ('error' in result) return result;
    const revokedBefore = await this.revocations.revokedBefore(result.user.id);
    if (revokedBefore !== undefined && result.issuedAt < revokedBefore) {
      return { error: 'session revoked' };
    }
    return result;
  }
}

/** Sets `req.currentUser` from a valid session token; an invalid or revoked one authenticates nobody. */
export function currentUser(sessions: SessionVerifier, logger: Logger): RequestHandler {
  return async (req, _res, next) => {
    const token: unknown = req.session?.jwt;
    if (typeof token === 'string') {
      const result = await sessions.verify(token);
      if ('user' in result) req.currentUser = result.user;
      else logger.info({ reason: result.error }, 'session token rejected');
    }
    next();
  };
}

export const requireAuth: RequestHandler = (req, _res, next) => {
  if (!req.currentUser) throw new NotAuthenticatedError();
  next();
};

/** The signed-in user of a route behind `requireAuth`. */
export function signedInUser(req: Request): UserPayload {
  if (!req.currentUser) throw new NotAuthenticatedError();
  return req.currentUser;
}

/** Turns express-validator's findings into a 400 naming each invalid field (first problem per field). */
export const validateRequest: RequestHandler = (
  req: Request,
  _res: Response,
  next: NextFunction,
) => {
  const result = validationResult(req);
  if (!result.isEmpty()) {
    const items = result
      .array({ onlyFirstError: true })
      .map((e) =>
        e.type === 'field' ? { message: String(e.msg), field: e.path } : { message: String(e.msg) },
      );
    throw new RequestValidationError(items);
  }
  next();
};

export const routeNotFound: RequestHandler = (req) => {
  throw new NotFoundError(`Route not found: ${req.method} ${req.path}`);
};
