import { randomUUID } from 'node:crypto';
import { Agent, type IncomingMessage, type ServerResponse } from 'node:http';
import { createProxyMiddleware, type RequestHandler } from 'http-proxy-middleware';
import { listen, type HttpServer } from '@ticketing/common';

export interface Route {
  prefix: string;
  name: string;
  target: string;
}

function unavailable(res: ServerResponse, name: string) {
  if (res.headersSent) return res.end();
  res.writeHead(502, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ errors: [{ message: `The ${name} service is unavailable` }] }));
}

/**
 * Never passed on: the forwarding headers, which the gateway alone writes (a client may not tell the
 * services about itself), and the hop-by-hop ones, which concern the client's connection only (RFC
 * 9110 §7.6.1). A forwarded `Connection: close` made a service close the gateway's pooled socket while
 * the gateway was still sending a body the service had answered early, turning its 4xx into a 502.
 */
const CLIENT_HEADERS_DROPPED = [
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-port',
  'x-forwarded-proto',
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'upgrade',
];

/**
 * Methods no route serves, refused at the edge: TRACE echoes a request back (cross-site tracing), and
 * Next.js cannot even take these (its request object refuses them: a 500 for any page).
 */
const REFUSED_METHODS = new Set(['TRACE', 'TRACK', 'CONNECT']);

/**
 * The local stand-in for the cluster's Gateway/HTTPRoutes: the same path prefixes to the same services,
 * and everything else to the client. It is the first hop, so it sets X-Forwarded-For (and -Proto,
 * -Host, -Port) from the connection itself, replacing whatever the client sent: the services trust
 * it (TRUST_PROXY=loopback) to tell them the client's address, which their rate limits count by.
 * It also gives every request its X-Request-Id (a client's own is replaced).
 */
export async function startGateway(
  routes: Route[],
  fallback: { name: string; target: string } | undefined,
  port: number,
): Promise<HttpServer> {
  // Keep-alive to the upstreams, as a cluster's proxy does: no new TCP connection per request.
  // An idle socket is dropped after 4 s, before the upstream's own keep-alive timeout (Next.js: 5 s)
  // can close it under a request being sent on it (which would fail that request with a 502).
  const agent = new Agent({ keepAlive: true, maxSockets: 256, timeout: 4_000 });
  const proxy = (name: string, target: string): RequestHandler<IncomingMessage, ServerResponse> =>
    createProxyMiddleware<IncomingMessage, ServerResponse>({
      target,
      agent,
      xfwd: true,
      proxyTimeout: 30_000,
      on: { error: (_err, _req, res) => unavailable(res as ServerResponse, name) },
    });
  const table = routes.map((route) => ({ ...route, handler: proxy(route.name, route.target) }));
  const fallbackHandler = fallback && proxy(fallback.name, fallback.target);

  return listen((req, res) => {
    if (REFUSED_METHODS.has(req.method ?? '')) {
      res.writeHead(405, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ message: `Method ${req.method} is not allowed` }] }));
      return;
    }
    for (const header of CLIENT_HEADERS_DROPPED) delete req.headers[header];
    // The first hop names the request, like X-Forwarded-For: the services log it and echo it back.
    const requestId = randomUUID();
    req.headers['x-request-id'] = requestId;
    res.setHeader('X-Request-Id', requestId);
    const path = req.url ?? '/';
    const route = table.find(
      (r) =>
        path === r.prefix || path.startsWith(`${r.prefix}/`) || path.startsWith(`${r.prefix}?`),
    );
    const handler = route?.handler ?? fallbackHandler;
    if (!handler) {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ message: 'Not found (the client is not built)' }] }));
      return;
    }
    void handler(req, res, () => unavailable(res, route?.name ?? 'client'));
  }, port);
}
