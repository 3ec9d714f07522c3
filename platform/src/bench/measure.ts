import { fork } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import type autocannon from 'autocannon';

export interface Row {
  name: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  ratioToBaseline?: number;
  /** Throughput as a percentage of what the database alone serves of the same query (a read). */
  ratioToCeiling?: number;
}

export function summarise(name: string, result: autocannon.Result): Row {
  return {
    name,
    // Over the whole run: autocannon's per-second average is coarse for runs of a set number of requests.
    requestsPerSecond: Math.round(result.requests.total / result.duration),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

/**
 * `callers` callers at once, each running `work` again for as long as `more()` says so, without
 * HTTP: their throughput over the whole run and the latency of each run of `work` (one that throws
 * counts as an error).
 */
export async function callersRow(
  name: string,
  callers: number,
  more: () => boolean,
  work: () => Promise<unknown>,
): Promise<Row> {
  const latenciesMs: number[] = [];
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (more()) {
        const sent = performance.now();
        try {
          await work();
          latenciesMs.push(performance.now() - sent);
        } catch {
          errors += 1;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    name,
    requestsPerSecond: Math.round(latenciesMs.length / seconds),
    p50Ms: Math.round(percentile(latenciesMs, 50)),
    p99Ms: Math.round(percentile(latenciesMs, 99)),
    errors,
  };
}

export interface BenchServer {
  url: string;
  /** Its process, whose CPU time the observability rounds read. */
  pid: number;
  stop(): Promise<void>;
}

/** Starts one of the bench's servers (a script beside this file) in a process of its own. */
export async function startServer(
  script: string,
  { env = process.env, args = [] }: { env?: NodeJS.ProcessEnv; args?: string[] } = {},
): Promise<BenchServer> {
  // Its output goes nowhere: log lines are part of what is measured, not read.
  const child = fork(path.join(__dirname, script), args, {
    env,
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const exited = once(child, 'exit');
  let listening = false;
  const [port] = (await Promise.race([
    once(child, 'message'),
    exited.then(() => {
      if (!listening) throw new Error(`${script} exited before it listened`);
    }),
  ])) as [number];
  listening = true;
  return {
    url: `http://127.0.0.1:${port}/baseline`,
    pid: child.pid!,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
