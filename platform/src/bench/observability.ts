import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { startMongo } from '@ticketing/local-servers';
import autocannon from 'autocannon';
import { percentile, startServer, summarise, type BenchServer, type Row } from './measure';
import { seedTicket } from './ticket-route';

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

/** CPU seconds the process has used so far (user and system), from /proc: no help from the process. */
function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime, fields 14 and 15 of stat (11 and 12 after the command), in clock ticks.
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}
const CLOCK_TICKS_PER_SECOND = 100;

interface Variant {
  name: string;
  start: () => Promise<BenchServer>;
}

/** One variant's rounds: throughput and its process's CPU time per request. */
interface Measured {
  rows: Row[];
  cpuMicrosPerRequest: number[];
}

const median = (values: number[]) => percentile(values, 50);

/**
 * What observing a request costs: a bare Express route, and the same route with what every service
 * adds to observe it (metrics, request id and line, tracing preload), tracing off and then on
 * (exporting every span to a local sink); on a trivial route and on one that reads a ticket from
 * MongoDB. Metrics have no switch, so "off" is the services' cheapest configuration. Measured in
 * interleaved rounds, each figure the median of its rounds, each ratio against the bare route of the
 * same rounds: a shared machine drifts between runs. Besides throughput, each server's CPU time per
 * request is read from /proc, which depends less on what else the machine runs; its ratios go to
 * `observability-cpu.md`.
 */
export async function observabilityRows(
  options: Omit<autocannon.Options, 'url'>,
  log: (line: string) => void,
): Promise<Row[]> {
  const sink = await startOtlpSink();
  const mongo = await startMongo();
  try {
    const database = new URL(mongo.url);
    database.pathname = '/bench-observability';
    const mongoUri = database.toString();
    const ticketPath = await seedTicket(mongoUri);
    const tracingOff = { OTEL_EXPORTER_OTLP_ENDPOINT: '' };
    const tracingOn = {
      OTEL_EXPORTER_OTLP_ENDPOINT: sink.url,
      OTEL_SERVICE_NAME: 'bench-observed',
    };
    const routes = [
      { label: 'bare route', env: {}, path: '/baseline' },
      { label: 'ticket read', env: { BENCH_MONGO_URI: mongoUri }, path: ticketPath },
    ];
    const rows: Row[] = [];
    const cpuLines: string[] = [];
    for (const route of routes) {
      const at = (server: BenchServer) => ({
        ...server,
        url: server.url.replace('/baseline', route.path),
      });
      const start =
        (script: string, env: NodeJS.ProcessEnv, args: string[] = []) =>
        () =>
          startServer(script, { env: { ...process.env, ...route.env, ...env }, args }).then(at);
      const variants: Variant[] = [
        { name: `${route.label}: bare Express`, start: start('baseline-server.js', tracingOff) },
        {
          name: `${route.label}: + metrics`,
          start: start('observed-server.js', tracingOff, ['metrics-only']),
        },
        {
          name: `${route.label}: + metrics, request id and line as logged (tracing off)`,
          start: start('observed-server.js', tracingOff),
        },
        {
          name: `${route.label}: + metrics, a line for every request (tracing off)`,
          start: start('observed-server.js', tracingOff, ['every-line']),
        },
        {
          name: `${route.label}: + metrics, request line; tracing on, exporting`,
          start: start('observed-server.js', tracingOn),
        },
      ];
      const measured = await measureInRounds(variants, options, log);
      const baseline = median(measured[0]!.rows.map((r) => r.requestsPerSecond));
      const baselineCpu = median(measured[0]!.cpuMicrosPerRequest);
      variants.forEach((variant, i) => {
        const { rows: rounds, cpuMicrosPerRequest } = measured[i]!;
        const requestsPerSecond = median(rounds.map((r) => r.requestsPerSecond));
        rows.push({
          name: variant.name,
          requestsPerSecond,
          p50Ms: median(rounds.map((r) => r.p50Ms)),
          p99Ms: median(rounds.map((r) => r.p99Ms)),
          errors: rounds.reduce((sum, r) => sum + r.errors, 0),
          ratioToBaseline: Math.round((requestsPerSecond / baseline) * 1000) / 10,
        });
        const cpu = median(cpuMicrosPerRequest);
        cpuLines.push(
          `| ${variant.name} | ${cpu.toFixed(1)} | ${Math.round((baselineCpu / cpu) * 1000) / 10}% |`,
        );
      });
    }
    writeCpuTable(cpuLines);
    return rows;
  } finally {
    await sink.stop();
    await mongo.stop();
  }
}

/** Each round starts with the next variant: none is always first after a pause or always last. */
async function measureInRounds(
  variants: Variant[],
  options: Omit<autocannon.Options, 'url'>,
  log: (line: string) => void,
): Promise<Measured[]> {
  const measured = variants.map((): Measured => ({ rows: [], cpuMicrosPerRequest: [] }));
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < variants.length; k++) {
      const i = (round + k) % variants.length;
      const variant = variants[i]!;
      const server = await variant.start();
      try {
        const cpuBefore = cpuSecondsOf(server.pid);
        const result = await autocannon({ ...options, url: server.url });
        const cpuMicros = ((cpuSecondsOf(server.pid) - cpuBefore) * 1e6) / result.requests.total;
        const row = summarise(variant.name, result);
        log(
          `  round ${round + 1}, ${variant.name}: ${row.requestsPerSecond} req/s, ${cpuMicros.toFixed(1)} µs CPU per request`,
        );
        measured[i]!.rows.push(row);
        measured[i]!.cpuMicrosPerRequest.push(cpuMicros);
      } finally {
        await server.stop();
      }
    }
  }
  return measured;
}

function writeCpuTable(lines: string[]) {
  const dir = path.resolve(__dirname, '../../../bench/results');
  mkdirSync(dir, { recursive: true });
  const table = [
    `CPU time of the server per request, ${new Date().toISOString()} (median of ${ROUNDS} rounds; the ratio is the bare route's CPU per request over the variant's, so 100% costs nothing)`,
    '',
    '| variant | µs CPU per request | bare / variant |',
    '|---|---:|---:|',
    ...lines,
  ].join('\n');
  writeFileSync(path.join(dir, 'observability-cpu.md'), `${table}\n`);
}
