import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { waitFor } from './wait-for';

export interface EntryPointRun {
  child: ChildProcess;
  /** The exit code (null when killed by a signal), once the process has exited. */
  exited: Promise<number | null>;
  /** Everything the process wrote so far. */
  output(): { stdout: string; stderr: string };
  /** The port from the service's `… service listening` log line, once it listens. */
  listening(options?: { timeoutMs?: number }): Promise<number>;
  /** SIGTERM unless it has exited already; resolves once it has. */
  stop(): Promise<number | null>;
}

/**
 * Runs a service's compiled entry point (`dist/index.js`) in a process of its own, exactly as its
 * container does, with `env` as its whole environment (plus PATH), and collects what it writes.
 */
export function runEntryPoint(entryPoint: string, env: Record<string, string>): EntryPointRun {
  if (!existsSync(entryPoint)) {
    throw new Error(`${entryPoint} is missing: build its workspace first (npm run build -w …)`);
  }
  const child = spawn(process.execPath, [entryPoint], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

  const loggedPort = () =>
    stdout
      .split('\n')
      .filter((line) => line.includes(' service listening"'))
      .map((line) => (JSON.parse(line) as { port: number }).port)[0];
  let closed = false;
  child.on('close', () => (closed = true));
  const listening = async ({ timeoutMs = 20_000 } = {}) => {
    // A process that cannot start says why at once, rather than after the timeout.
    const { port } = await waitFor(
      () => {
        const port = loggedPort();
        return port !== undefined ? { port } : closed && { port };
      },
      { timeoutMs, what: 'the service to listen' },
    );
    if (port === undefined) {
      throw new Error(`the service exited before listening: ${stderr || stdout}`);
    }
    return port;
  };

  return {
    child,
    exited,
    output: () => ({ stdout, stderr }),
    listening,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
