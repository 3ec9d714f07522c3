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
