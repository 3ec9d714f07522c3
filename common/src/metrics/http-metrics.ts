import { IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { HttpRequestDurations } from './request-durations';
import type { ServiceMetrics } from './service-metrics';

/** The route label of a request no route answered (404s, probes of random paths): one series for all. */
export const UNMATCHED_ROUTE = 'unmatched';

export const METRICS_PATH = '/metrics';

const routeTemplate = Symbol('ticketing.routeTemplate');
const matchedRoute = Symbol('ticketing.matchedRoute');

interface RoutedRequest extends IncomingMessage {
  baseUrl?: string;
  [routeTemplate]?: string;
  [matchedRoute]?: unknown;
}

let watchingRoutes = false;

/**
 * Records the template of the route Express matches (`/api/tickets/:id`), joined with the base of
 * the router it is mounted under. Read when Express assigns `req.route`, because by the time the
 * answer is sent after an error, Express has already restored `baseUrl` to the app's. The accessor
 * is installed once on the prototype every request inherits from: defining it on each request
 * turned every request object into a slow dictionary for the rest of its handling.
 */
function watchRouteTemplates(): void {
  if (watchingRoutes) return;
  watchingRoutes = true;
  Object.defineProperty(IncomingMessage.prototype, 'route', {
    configurable: true,
    get(this: RoutedRequest) {
      return this[matchedRoute];
    },
    set(this: RoutedRequest, value: { path?: unknown } | undefined) {
      this[matchedRoute] = value;
      if (value?.path !== undefined) {
        const base = this.baseUrl ?? '';
        const path = String(value.path);
        this[routeTemplate] = base && path === '/' ? base : `${base}${path}`;
      }
    },
  });
}

const isMetricsRequest = (req: IncomingMessage) =>
  req.method === 'GET' &&
  req.url !== undefined &&
  req.url.startsWith(METRICS_PATH) &&
  (req.url.length === METRICS_PATH.length || req.url[METRICS_PATH.length] === '?');

async function answerMetrics(metrics: ServiceMetrics, res: ServerResponse): Promise<void> {
  try {
    const body = await metrics.registry.metrics();
    res.setHeader('Content-Type', metrics.registry.contentType);
    res.setHeader('Cache-Control', 'no-store');
    res.end(body);
  } catch {
    res.statusCode = 500;
    res.end();
  }
}

const durationsOf = Symbol('ticketing.requestDurations');
const startedAt = Symbol('ticketing.requestStartedAt');

interface TimedResponse extends ServerResponse {
  [durationsOf]?: HttpRequestDurations;
  [startedAt]?: number;
}

/**
 * Records a request when its answer is sent or abandoned ('close' covers both: a client that gives
 * up on a slow answer is still counted). One function for every response, its state on the
 * response: no closure and no `once` wrapper made per request.
 */
function recordDuration(this: TimedResponse): void {
  const req = this.req as RoutedRequest;
  this[durationsOf]!.observe(
    req.method ?? 'UNKNOWN',
    req[routeTemplate] ?? UNMATCHED_ROUTE,
    this.statusCode,
    (performance.now() - this[startedAt]!) / 1000,
  );
}

/**
 * Serves the service's metrics on `GET /metrics` beside the app (outside its middlewares: Prometheus
 * carries no session and comes from inside the cluster) and times every other request by method,
 * route template and status.
 */
export function withMetrics(metrics: ServiceMetrics, app: RequestListener): RequestListener {
  watchRouteTemplates();
  const durations = metrics.httpRequestDuration;
  return (req: RoutedRequest, res: TimedResponse) => {
    if (isMetricsRequest(req)) {
      void answerMetrics(metrics, res);
      return;
    }
    res[startedAt] = performance.now();
    res[durationsOf] = durations;
    res.on('close', recordDuration);
    app(req, res);
  };
}
