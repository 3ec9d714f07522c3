/** Runs once when the Next.js server starts (https://nextjs.org/docs/app/guides/instrumentation). */
export async function register() {
  // The Edge runtime has no node:http, and its bundle must carry neither the metrics server nor
  // the tracing SDK (what follows this line is left out of it).
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // Next.js's own spans (the request, rendering, its fetch calls) exported over OTLP by @vercel/otel,
  // only when there is somewhere to send them: otherwise nothing is loaded and the spans stay
  // no-ops, as in the services. The trace context goes with the calls to the APIs (API_URL) and no
  // others, so a page's trace continues in the services it calls.
  if (process.env.OTEL_EXPORTER_OTLP_ENDPOINT) {
    const [{ registerOTel }, { loadClientConfig }] = await Promise.all([
      import('@vercel/otel'),
      import('./config'),
    ]);
    const apiOrigin = new URL(loadClientConfig().API_URL).origin;
    registerOTel({
      serviceName: 'client',
      instrumentationConfig: { fetch: { propagateContextUrls: [`${apiOrigin}/`] } },
    });
  }
  const { loadMetricsConfig, startMetricsServer } = await import('./metrics/metrics-server');
  await startMetricsServer(loadMetricsConfig());
}
