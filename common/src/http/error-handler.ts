import { STATUS_CODES } from 'node:http';
import type { ErrorRequestHandler } from 'express';
import { AppError, type ErrorBody } from '../errors/app-error';
import type { Logger } from '../logging/logger';

/**
 * Errors raised by Express's own machinery (the body parsers, the path decoder) carry the 4xx
 * status they mean as `status` or `statusCode`, and say with `expose` whether their message is
 * safe to show.
 */
interface HttpClientError {
  status: number;
  expose: boolean;
  type?: string;
  message: string;
}

function asClientError(err: unknown): HttpClientError | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { status?: unknown; statusCode?: unknown; expose?: unknown; type?: unknown };
  const status = typeof e.status === 'number' ? e.status : e.statusCode;
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  return {
    status,
    expose: e.expose === true,
    type: typeof e.type === 'string' ? e.type : undefined,
    message: err instanceof Error ? err.message : '',
  };
}

function clientErrorMessage(err: unknown, clientError: HttpClientError): string {
  if (clientError.type === 'entity.parse.failed') return 'Malformed JSON body';
  // The path decoder's message quotes the raw input; say what is wrong instead.
  if (err instanceof URIError) return 'Malformed percent-encoding in the URL';
  return clientError.expose
    ? clientError.message
    : (STATUS_CODES[clientError.status] ?? 'Bad request');
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
    const clientError = asClientError(err);
    if (err instanceof AppError) {
      status = err.statusCode;
      body = { errors: err.serialize() };
    } else if (clientError) {
      status = clientError.status;
      body = { errors: [{ message: clientErrorMessage(err, clientError) }] };
    } else {
      logger.error(
        { err, method: req.method, path: req.path },
        'unexpected error while handling a request',
      );
    }
    res.status(status).json(body);
  };
}
