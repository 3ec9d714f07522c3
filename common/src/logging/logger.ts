import pino from 'pino';
import { traceLogFields } from '../tracing/trace-context';

export type Logger = pino.Logger;

/**
 * JSON logs on stdout; secrets and session material are redacted wherever they appear. Lines written
 * inside a traced span carry its `trace_id` and `span_id`.
 */
export function createLogger(service: string, level: string = 'info'): Logger {
  return pino({
    level,
    base: { service },
    redact: {
      paths: [
        'password',
        '*.password',
        'passwordHash',
        '*.passwordHash',
        'req.headers.cookie',
        'req.headers.authorization',
        'res.headers["set-cookie"]',
        'token',
        '*.token',
      ],
      censor: '[redacted]',
    },
    timestamp: pino.stdTimeFunctions.isoTime,
    // The active span's trace_id and span_id on every line, to go from a log line to its trace.
    mixin: traceLogFields,
  });
}
