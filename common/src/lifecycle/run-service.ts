import type { Logger } from '../logging/logger';
import { stopTracing } from '../tracing/sdk';

export interface RunningService {
  /** Stops gracefully: no new work, in-flight work finished, connections closed. */
  stop(): Promise<void>;
}

/** A running service that serves HTTP: the port it listens on (useful when started on port 0). */
export interface ListeningService extends RunningService {
  port: number;
}

export interface RunServiceOptions {
  logger: Logger;
  start: () => Promise<RunningService>;
  shutdownTimeoutMs: number;
  exit?: (code: number) => void;
}

/**
 * The process around a service: starts it (a failed start exits 1), stops it gracefully on SIGTERM or
 * SIGINT (exit 0, or 1 if stopping fails or takes longer than the bound), and treats an unhandled
 * rejection or uncaught exception as fatal: logged with its stack, then the same graceful stop, exit 1.
 */
export async function runService({
  logger,
  start,
  shutdownTimeoutMs,
  exit = process.exit,
}: RunServiceOptions) {
  let running: RunningService | undefined;
  let stopping = false;

  const shutdown = async (reason: string, code: number) => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error({ shutdownTimeoutMs }, 'graceful shutdown took too long; exiting');
      exit(1);
    }, shutdownTimeoutMs);
    timer.unref();
    try {
      await running?.stop();
      await stopTracing();
      logger.info('stopped');
      exit(code);
    } catch (err) {
      logger.error({ err }, 'graceful shutdown failed');
      exit(1);
    } finally {
      clearTimeout(timer);
    }
  };

  process.on('SIGTERM', () => void shutdown('SIGTERM', 0));
  process.on('SIGINT', () => void shutdown('SIGINT', 0));
  process.on('unhandledRejection', (err) => {
    logger.fatal({ err }, 'unhandled promise rejection');
    void shutdown('unhandledRejection', 1);
  });
  process.on('uncaughtException', (err) => {
    logger.fatal({ err }, 'uncaught exception');
    void shutdown('uncaughtException', 1);
  });

  try {
    running = await start();
  } catch (err) {
    logger.fatal({ err }, 'failed to start');
    exit(1);
  }
}
