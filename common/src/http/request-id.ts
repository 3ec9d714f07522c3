import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from '../logging/logger';

export const REQUEST_ID_HEADER = 'X-Request-Id';

/** What a request id from upstream may look like; anything else (too long, a log-forging newline) is replaced. */
const ACCEPTED_REQUEST_ID = /^[\w.:@/+=-]{1,128}$/;

/** The request's id: the one the gateway (or another caller) sent, when it is well-formed, else a new one. */
export function requestIdOf(header: string | string[] | undefined): string {
  return typeof header === 'string' && ACCEPTED_REQUEST_ID.test(header) ? header : randomUUID();
}

/** Probes and scrapes answer every few seconds; their lines would bury the requests of users. */
const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Gives every answer an `X-Request-Id` and writes one line per request with it (and, inside a
 * trace, the trace_id), so a user's report of an id leads to the logs and the trace of the request.
 */
export function requestId(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const id = requestIdOf(req.headers['x-request-id']);
    res.setHeader(REQUEST_ID_HEADER, id);
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const line = {
        requestId: id,
        method: req.method,
        path: req.path,
        status: res.statusCode,
        durationMs: Number(process.hrtime.bigint() - started) / 1e6,
      };
      if (QUIET_PATHS.has(req.path)) logger.debug(line, 'request');
      else logger.info(line, 'request');
    });
    next();
  };
}
