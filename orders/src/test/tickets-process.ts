import path from 'node:path';
import { runEntryPoint } from '@ticketing/common/testing';

// The tickets service exactly as its container runs it: its compiled entry point, in a process of
// its own (`npm test` builds every workspace first).
const entryPoint = path.resolve(__dirname, '../../../tickets/dist/index.js');

export interface TicketsProcess {
  baseUrl: string;
  stop(): Promise<void>;
}

/** Starts the tickets service with `env` and resolves once it listens. */
export async function startTicketsProcess(env: Record<string, string>): Promise<TicketsProcess> {
  const run = runEntryPoint(entryPoint, { ...env, PORT: '0', LOG_LEVEL: 'info' });
  const stop = async () => {
    await run.stop();
  };
  try {
    return { baseUrl: `http://127.0.0.1:${await run.listening()}`, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
