import { Router } from 'express';

/** A named check of something the service cannot serve without. */
export type ReadinessChecks = Record<string, () => boolean>;

/** What a service's health endpoints report on, handed from its composition root to its app. */
export interface Health {
  readiness: ReadinessChecks;
  /** True from the moment a graceful stop begins, so the balancer stops sending requests. */
  isShuttingDown: () => boolean;
}

/**
 * `/healthz`: the process is alive and serving (liveness). `/readyz`: every dependency is connected
 * and the service is not shutting down (readiness); 503 with the failing checks otherwise.
 */
export function healthRouter({ readiness: checks, isShuttingDown }: Health): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', (_req, res) => {
    const results = Object.fromEntries(
      Object.entries(checks).map(([name, check]) => [name, check()]),
    );
    const ready = !isShuttingDown() && Object.values(results).every(Boolean);
    res
      .status(ready ? 200 : 503)
      .json({ status: ready ? 'ready' : 'unavailable', checks: results });
  });
  return router;
}
