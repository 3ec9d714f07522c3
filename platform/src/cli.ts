import { startPlatform } from './start-platform';

/** `npm start`: runs the platform until Ctrl-C / SIGTERM, then stops everything it started. */
function main() {
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const prometheusPort = Number(process.env.PROMETHEUS_PORT ?? 9090);
  if (!Number.isInteger(prometheusPort) || prometheusPort < 0 || prometheusPort > 65_535) {
    log(`runner     | PROMETHEUS_PORT must be a port number, not ${process.env.PROMETHEUS_PORT}`);
    process.exit(1);
  }
  const starting = startPlatform({ log, prometheusPort });
  let stopping = false;

  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log('runner     | stopping…');
    // Also when interrupted during start-up: whatever was started is stopped.
    await starting.then(
      (platform) => platform.stop(),
      () => undefined,
    );
    log('runner     | stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  starting.then(
    (platform) => {
      log(`\n  Ticketing is running at ${platform.url}  (Ctrl-C stops it)`);
      if (platform.prometheusUrl) log(`  Prometheus: ${platform.prometheusUrl}`);
      log('');
      platform.failed.catch((err: Error) => {
        log(`runner     | ${err.message}`);
        void shutdown(1);
      });
    },
    (err: unknown) => {
      log(
        `runner     | could not start the platform: ${err instanceof Error ? err.message : String(err)}`,
      );
      process.exit(1);
    },
  );
}

main();
