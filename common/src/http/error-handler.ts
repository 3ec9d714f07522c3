import type { ErrorRequestHandler } from 'express';
import { AppError, type ErrorBody } from '../errors/app-error';
import type { Logger } from '../logging/logger';

/** Errors raised by Express's own body parsers carry a status and say whether it is safe to show. */
interface HttpParserError {
  status: number;
  expose: boolean;
  type?: string;
  message: string;
}

function isParserError(err: unknown): err is HttpParserError {
  const e = err as Partial<HttpParserError> | null;
  return typeof e?.status === 'number' && e.status >= 400 && e.status < 500 && e.expose === true;
}

/**
 * The one place a failed request is answered. Expected errors get their status and message;
 * anything else is logged with its stack and answered 500 with a message that reveals nothing.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    let status = 500;
    let body: ErrorBody = { errors: [{ message: 'Something went wrong' }] };
    if (err instanceof AppError) {
      status = err.statusCode;
      body = { errors: err.serialize() };
    } else if (isParserError(err)) {
      status = err.status;
      body = {
        errors: [
          { message: err.type === 'entity.parse.failed' ? 'Malformed JSON body' : err.message },
        ],
      };
    } else {
      logger.error(
        { err, method: req.method, path: req.path },
        'unexpected error while handling a request',
      );
    }
    res.status(status).json(body);
  };
}
