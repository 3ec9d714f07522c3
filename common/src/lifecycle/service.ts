import type { z } from 'zod';
import type { EventBus } from '../bus/event-bus';
import { loadConfigOrExit } from '../config/load-config';
import type { serviceConfigShape } from '../config/service-config';
import { createLogger, type Logger } from '../logging/logger';
import { runService, type ListeningService } from './run-service';

/** What a caller (a test, mostly) gives a service in place of what it would make from its config. */
export interface ServiceDependencies {
  /** Defaults to the service's logger at its `LOG_LEVEL`. */
  logger?: Logger;
  /** A bus the caller owns: used instead of connecting one, and left open on stop. */
  bus?: EventBus;
}

type ServiceConfig = z.infer<z.ZodObject<typeof serviceConfigShape>>;

/**
 * Every service's composition root has this shape: it starts what the service runs on, wires its
 * listeners and app, serves HTTP on `config.PORT`, and resolves once it listens. `stop()` undoes it
 * in reverse.
 */
export type StartService<
  C extends ServiceConfig,
  D extends ServiceDependencies = ServiceDependencies,
  S extends ListeningService = ListeningService,
> = (config: C, dependencies?: D) => Promise<S>;

/**
 * A service's process entry point: validates the environment (exit 1 with one line on a bad one),
 * then runs the service under `runService` (signals, fatal errors, bounded graceful stop).
 */
export function runServiceProcess<C extends ServiceConfig>({
  name,
  configSchema,
  start,
}: {
  name: string;
  configSchema: z.ZodType<C>;
  start: StartService<C>;
}): void {
  const config = loadConfigOrExit(configSchema);
  const logger = createLogger(name, config.LOG_LEVEL);
  void runService({
    logger,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    start: () => start(config, { logger }),
  });
}
