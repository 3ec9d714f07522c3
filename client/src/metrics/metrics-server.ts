import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { z } from 'zod';

export const metricsConfigSchema = z.object({
  METRICS_PORT: z.coerce
    .number()
    .int()
    .min(0)
    .max(65535)
    .default(9464)
    .describe(
      "Port of the client's /metrics, apart from the site's so that the gateway, which sends every non-API path to the site, never exposes it",
    ),
  METRICS_HOST: z
    .string()
    .min(1)
    .default('0.0.0.0')
    .describe('Address the metrics server listens on'),
});

export type MetricsConfig = z.infer<typeof metricsConfigSchema>;

/** Throws one message naming every bad variable, so a bad setting stops the server at start. */
export function loadMetricsConfig(
  env: Record<string, string | undefined> = process.env,
): MetricsConfig {
  const result = metricsConfigSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new Error(`Invalid client metrics configuration: ${problems.join('; ')}`);
  }
  return result.data;
}

export interface MetricsServer {
  port: number;
  registry: Registry;
  close(): Promise<void>;
}

/**
 * Node's process metrics (event-loop lag, heap, GC, CPU) of the Next.js server, labelled
 * service="client" like the services' series, on GET /metrics of a server of its own.
 */
export async function startMetricsServer({
  METRICS_PORT,
  METRICS_HOST,
}: MetricsConfig): Promise<MetricsServer> {
  const registry = new Registry();
  registry.setDefaultLabels({ service: 'client' });
  // As the services do (common's ServiceMetrics): the event loop sampled every 100 ms, not 10.
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 100 });

  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://metrics').pathname;
    if (path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ message: 'Not found' }] }));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ message: 'Method not allowed' }] }));
      return;
    }
    registry.metrics().then(
      (body) => {
        res.writeHead(200, { 'content-type': registry.contentType });
        res.end(req.method === 'HEAD' ? undefined : body);
      },
      () => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ message: 'Metrics could not be collected' }] }));
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(METRICS_PORT, METRICS_HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    registry,
    close: () =>
      new Promise<void>((resolve, reject) => {
        registry.clear();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
