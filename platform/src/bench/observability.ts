import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { percentile, startServer, summarise, type BenchServer, type Row } from './measure';

const ROUNDS = Number(process.env.BENCH_OBSERVABILITY_ROUNDS ?? 3);

/** Accepts OTLP/HTTP exports and discards them: the exporter's work is measured, a collector's is not. */
async function startOtlpSink(): Promise<{ url: string; stop(): Promise<void> }> {
  const server = createServer((req, res) => {
    req.resume();
    req.once('end', () => {
      // An empty ExportTraceServiceResponse: every span accepted.
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * What observing a request costs: the bare Express route, and the same route with what every service
 * adds to observe it (metrics, request id and log line, tracing preload), tracing off and then on
 * (exporting every span to a local sink). Metrics have no switch, so "off" is the services' cheapest
 * configuration. Measured in interleaved rounds, each figure the median of its rounds, and each
 * ratio against the bare route of the same rounds: a shared machine drifts between runs.
 */
export async function observabilityRows(
  options: Omit<autocannon.Options, 'url'>,
  log: (line: string) => void,
): Promise<Row[]> {
  const sink = await startOtlpSink();
  const observed = (env: NodeJS.ProcessEnv, args: string[] = []) =>
    startServer('observed-server.js', { env: { ...process.env, ...env }, args });
  const tracingOff = { OTEL_EXPORTER_OTLP_ENDPOINT: '' };
  const variants: { name: string; start: () => Promise<BenchServer> }[] = [
    {
      name: 'bare Express (observability baseline)',
      start: () => startServer('baseline-server.js'),
    },
    { name: 'same route + metrics', start: () => observed(tracingOff, ['metrics-only']) },
    { name: 'same route + metrics, request line; tracing off', start: () => observed(tracingOff) },
    {
      name: 'same route + metrics, request line; tracing on, exporting',
      start: () =>
        observed({ OTEL_EXPORTER_OTLP_ENDPOINT: sink.url, OTEL_SERVICE_NAME: 'bench-observed' }),
    },
  ];
  const results = variants.map(() => [] as Row[]);
  try {
    for (let round = 0; round < ROUNDS; round++) {
      // Each round starts with the next variant: none is always first after a pause or always last.
      for (let k = 0; k < variants.length; k++) {
        const i = (round + k) % variants.length;
        const variant = variants[i]!;
        const server = await variant.start();
        try {
          const row = summarise(variant.name, await autocannon({ ...options, url: server.url }));
          log(`  round ${round + 1}, ${variant.name}: ${row.requestsPerSecond} req/s`);
          results[i]!.push(row);
        } finally {
          await server.stop();
        }
      }
    }
  } finally {
    await sink.stop();
  }
  const median = (rows: Row[], key: 'requestsPerSecond' | 'p50Ms' | 'p99Ms') =>
    percentile(
      rows.map((r) => r[key]),
      50,
    );
  const rows = variants.map((variant, i) => ({
    name: variant.name,
    requestsPerSecond: median(results[i]!, 'requestsPerSecond'),
    p50Ms: median(results[i]!, 'p50Ms'),
    p99Ms: median(results[i]!, 'p99Ms'),
    errors: results[i]!.reduce((sum, r) => sum + r.errors, 0),
  }));
  const baseline = rows[0]!.requestsPerSecond;
  return rows.map((row) => ({
    ...row,
    ratioToBaseline: Math.round((row.requestsPerSecond / baseline) * 1000) / 10,
  }));
}
