import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { ServiceMetrics } from './service-metrics';

/** The route label of a request no route answered (404s, probes of random paths): one series for all. */
export const UNMATCHED_ROUTE = 'unmatched';

export const METRICS_PATH = '/metrics';

interface RoutedRequest extends IncomingMessage {
  baseUrl?: string;
}

/**
 * Records the template of the route Express matches (`/api/tickets/:id`), joined with the base of
 * the router it is mounted under. Read when Express assigns `req.route`, because by the time the
 * answer is sent after an error, Express has already restored `baseUrl` to the app's.
 */
function watchRouteTemplate(req: RoutedRequest): () => string {
  let route: unknown;
  let template = UNMATCHED_ROUTE;
  Object.defineProperty(req, 'route', {
    configurable: true,
    enumerable: true,
    get: () => route,
    set(value: { path?: unknown } | undefined) {
      route = value;
      if (value?.path !== undefined) {
        const base = req.baseUrl ?? '';
        const path = String(value.path);
        template = base && path === '/' ? base : `${base}${path}`;
      }
    },
  });
  return () => template;
}

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
  return (req, res) => {
    if (req.method === 'GET' && req.url?.split('?')[0] === METRICS_PATH) {
      void answerMetrics(metrics, res);
      return;
    }
    const endTimer = metrics.httpRequestDuration.startTimer();
    const routeTemplate = watchRouteTemplate(req);
    res.once('close', () =>
      endTimer({
        http_request_method: req.method ?? 'UNKNOWN',
        http_route: routeTemplate(),
        http_response_status_code: String(res.statusCode),
      }),
    );
    app(req, res);
  };
}
