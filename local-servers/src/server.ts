import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { ManagedProcess, ProcessHooks } from './managed-process';

export interface RunningServer {
  url: string;
  /** The processes serving it (none for a server this code did not start). */
  processes: readonly ManagedProcess<unknown>[];
  stop(): Promise<void>;
}

/** What every launcher accepts besides its own options. */
export interface LaunchOptions {
  /** Told about each of the server's processes: its output lines, and an exit nobody asked for. */
  hooks?: ProcessHooks;
}

export const LOOPBACK = '127.0.0.1';

export function makeTempDir(kind: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `ticketing-${kind}-`));
}

export function portFromLine(pattern: RegExp, line: string): number | undefined {
  const port = pattern.exec(line)?.[1];
  return port === undefined ? undefined : Number(port);
}

/** nats-server and nats-streaming-server log the port they picked with -p -1 in this line. */
export const NATS_LISTENING = /Listening for client connections on \S+:(\d+)/;
