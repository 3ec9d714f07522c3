import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { waitFor } from '@ticketing/common/testing';

// The tickets service exactly as its container runs it: its compiled entry point, in a process of
// its own (`npm test` builds every workspace first).
const entryPoint = path.resolve(__dirname, '../../../tickets/dist/index.js');

export interface TicketsProcess {
  baseUrl: string;
  stop(): Promise<void>;
}

/** Starts the tickets service with `env` and resolves once it listens. */
export async function startTicketsProcess(env: Record<string, string>): Promise<TicketsProcess> {
  if (!existsSync(entryPoint)) {
    throw new Error(`${entryPoint} is missing: build it with npm run build -w @ticketing/tickets`);
  }
  const child = spawn(process.execPath, [entryPoint], {
    env: { PATH: process.env.PATH, ...env, PORT: '0', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    const port = await waitFor(
      () => {
        if (child.exitCode !== null) throw new Error(`tickets exited: ${stderr || stdout}`);
        const listening = stdout
          .split('\n')
          .filter((line) => line.includes('tickets service listening'))
          .map((line) => JSON.parse(line) as { port: number })[0];
        return listening?.port;
      },
      { timeoutMs: 20_000, what: 'the tickets service to listen' },
    );
    return { baseUrl: `http://127.0.0.1:${port}`, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
