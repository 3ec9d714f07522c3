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

/** Requests that change nothing: a quick, successful one is logged at debug (see `requestLogLevel`). */
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A request slower than this is logged at info whatever it was: the latency alert's threshold. */
export const SLOW_REQUEST_MS = 1000;

/**
 * The level of a request's line. At info: every 4xx and 5xx, every change (POST, PUT, PATCH,
 * DELETE) and every request slower than a second, so an operator sees each failure, each write and
 * each slow answer. At debug: quick successful reads, and probes and scrapes. Those are the bulk
 * of the traffic and tell nothing the request metrics do not count; a line each cost more than the
 * metrics themselves on a cheap route (see the README's benchmark of observing a request).
 */
export function requestLogLevel(
  request: { method: string; path: string },
  status: number,
  durationMs: number,
): 'info' | 'debug' {
  if (QUIET_PATHS.has(request.path)) return 'debug';
  if (status >= 400 || durationMs >= SLOW_REQUEST_MS || !READS.has(request.method)) return 'info';
  return 'debug';
}

/**
 * Gives every answer an `X-Request-Id` and writes one line per request with it (and, inside a
 * trace, the trace_id), so a user's report of an id leads to the logs and the trace of the request.
 */
export function requestId(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const id = requestIdOf(req.headers['x-request-id']);
    res.setHeader(REQUEST_ID_HEADER, id);
    const started = performance.now();
    // `on`, not `once`: a response finishes once, and once's wrapper is an allocation per request.
    res.on('finish', () => {
      const durationMs = performance.now() - started;
      const level = requestLogLevel(req, res.statusCode, durationMs);
      if (!logger.isLevelEnabled(level)) return;
      logger[level](
        { requestId: id, method: req.method, path: req.path, status: res.statusCode, durationMs },
        'request',
      );
    });
    next();
  };
}
