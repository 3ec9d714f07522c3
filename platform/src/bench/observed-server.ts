// First, as in every service's index.ts: with OTEL_EXPORTER_OTLP_ENDPOINT set it patches http and
// Express before they load; without it, it loads nothing.
import '@ticketing/common/tracing/register';
import { createLogger, listen, metricsFor, requestId, withMetrics } from '@ticketing/common';
import { constantRouteApp, reportPort } from './constant-route';

// The yardstick's route with what every service adds to observe it, and nothing else: the metrics
// around the app (as serveApp wraps it), the request id and its log line (at info, as the services
// log), and the tracing preload.
// With `metrics-only`, just the metrics: what the request line costs is the difference.
const name = 'bench-observed';
const app =
  process.argv[2] === 'metrics-only'
    ? constantRouteApp()
    : constantRouteApp(requestId(createLogger(name, 'info')));
void listen(withMetrics(metricsFor(name), app), 0, '127.0.0.1').then((http) =>
  reportPort(http.port),
);
// Nothing to drain: a constant answer.
process.on('SIGTERM', () => process.exit(0));
