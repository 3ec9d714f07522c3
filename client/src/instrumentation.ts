/** Runs once when the Next.js server starts (https://nextjs.org/docs/app/guides/instrumentation). */
export async function register() {
  // The Edge runtime has no node:http, and its bundle must not carry the metrics server.
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { loadMetricsConfig, startMetricsServer } = await import('./metrics/metrics-server');
  await startMetricsServer(loadMetricsConfig());
}
