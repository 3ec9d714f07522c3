import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { validationResult } from 'express-validator';
import { NotAuthenticatedError, NotFoundError, RequestValidationError } from '../errors/app-error';
import type { Logger } from '../logging/logger';
import { sessionKey, verifySessionToken, type UserPayload } from './session';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      currentUser?: UserPayload;
    }
  }
}

/** Sets `req.currentUser` from a valid session token; an invalid one authenticates nobody. */
export function currentUser(jwtKey: string, logger: Logger): RequestHandler {
  const key = sessionKey(jwtKey);
  return (req, _res, next) => {
    const token: unknown = req.session?.jwt;
    if (typeof token === 'string') {
      const result = verifySessionToken(token, key);
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
