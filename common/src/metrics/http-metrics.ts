import { IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
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

/**
 * Serves the service's metrics on `GET /metrics` beside the app (outside its middlewares: Prometheus
 * carries no session and comes from inside the cluster) and times every other request by method,
 * route template and status.
 */
export function withMetrics(metrics: ServiceMetrics, app: RequestListener): RequestListener {
  watchRouteTemplates();
  const histogram = metrics.httpRequestDuration;
  return (req: RoutedRequest, res) => {
    if (isMetricsRequest(req)) {
      void answerMetrics(metrics, res);
      return;
    }
    const started = performance.now();
    res.once('close', () =>
      histogram.observe(
        {
          http_request_method: req.method ?? 'UNKNOWN',
          http_route: req[routeTemplate] ?? UNMATCHED_ROUTE,
          http_response_status_code: String(res.statusCode),
        },
        (performance.now() - started) / 1000,
      ),
    );
    app(req, res);
  };
}
