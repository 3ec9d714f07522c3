import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestListener } from 'node:http';
import type { Health, ReadinessChecks } from '../http/health';
import type { Logger } from '../logging/logger';
import { metricsFor } from '../metrics/service-metrics';
import { withMetrics } from '../metrics/http-metrics';
import type { ListeningService } from './run-service';

export interface HttpServer {
  server: Server;
  port: number;
  /** Stops accepting connections, lets in-flight requests finish, closes idle keep-alive sockets. */
  close(): Promise<void>;
}

export async function listen(
  app: RequestListener,
  port: number,
  host?: string,
): Promise<HttpServer> {
  const server = createServer(app);
  // Longer than a load balancer's idle timeout, so it is the balancer that closes idle sockets.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeIdleConnections();
      }),
  };
}

/**
 * Serves a service's app on `port` and logs that it listens. The app is made with the service's
 * health: its readiness checks, and `isShuttingDown`, which turns true (readiness answers 503) as soon
 * as `stop()` begins. `stop()` then closes HTTP, so no request starts on a service being taken apart,
 * and `release`s what the service runs on.
 */
export async function serveApp({
  app,
  readiness,
  port,
  serviceName,
  logger,
  release,
}: {
  app: (health: Health) => RequestListener;
  readiness: ReadinessChecks;
  port: number;
  serviceName: string;
  logger: Logger;
  release: () => Promise<void>;
}): Promise<ListeningService> {
  let shuttingDown = false;
  const http = await listen(
    withMetrics(metricsFor(serviceName), app({ readiness, isShuttingDown: () => shuttingDown })),
    port,
  );
  logger.info({ port: http.port }, `${serviceName} service listening`);
  return {
    port: http.port,
    stop: async () => {
      shuttingDown = true;
      await http.close();
      await release();
    },
  };
}
