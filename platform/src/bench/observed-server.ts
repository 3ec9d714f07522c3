// First, as in every service's index.ts: with OTEL_EXPORTER_OTLP_ENDPOINT set it patches http and
// Express before they load; without it, it loads nothing.
import '@ticketing/common/tracing/register';
import { createLogger, listen, metricsFor, requestId, withMetrics } from '@ticketing/common';
import { constantRouteApp, reportPort } from './constant-route';
import { ticketRouteApp } from './ticket-route';

// The yardstick's route (or, with BENCH_MONGO_URI, the ticket read) with what every service adds
// to observe it, and nothing else: the metrics around the app (as serveApp wraps it), the request
// id and its line at the services' level (info: a successful read's line is at debug, so not
// written), and the tracing preload.
// `metrics-only`: just the metrics. `every-line`: the line written for every request, as it is for
// a change, an error or a slow answer (and for every request at LOG_LEVEL=debug).
const name = 'bench-observed';
const mode = process.argv[2];
const before =
  mode === 'metrics-only'
    ? []
    : [requestId(createLogger(name, mode === 'every-line' ? 'debug' : 'info'))];
const mongoUri = process.env.BENCH_MONGO_URI;
void (mongoUri ? ticketRouteApp(mongoUri, ...before) : Promise.resolve(constantRouteApp(...before)))
  .then((app) => listen(withMetrics(metricsFor(name), app), 0, '127.0.0.1'))
  .then((http) => reportPort(http.port));
// Nothing to drain: a constant answer.
process.on('SIGTERM', () => process.exit(0));
