import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';

const DEFAULT_READY_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 10_000;
const OUTPUT_LINES_KEPT = 30;
const OUTPUT_LINES_IN_ERRORS = 5;

/*
 * Orphan protection, two layers:
 *  1. a process 'exit' handler SIGKILLs every live server and removes its temp dirs
 *     (covers normal exit, process.exit(), jest workers being ended);
 *  2. a tiny detached `sh` watchdog per server whose stdin is a pipe from this
 *     process: when this process dies in any way (even SIGKILL), the pipe closes,
 *     `read` returns and the watchdog SIGTERMs (then SIGKILLs) the server.
 */
interface Tracked {
  child: ChildProcess;
  watchdog: ChildProcess | undefined;
  tempDirs: string[];
}

const live = new Set<Tracked>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const tracked of live) {
      killQuietly(tracked.watchdog, 'SIGKILL');
      killQuietly(tracked.child, 'SIGKILL');
      for (const dir of tracked.tempDirs) {
        try {
          rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
        } catch {
          // best effort while exiting
        }
      }
    }
    live.clear();
  });
}

function killQuietly(child: ChildProcess | undefined, signal: NodeJS.Signals): void {
  if (child === undefined || !isRunning(child)) return;
  try {
    child.kill(signal);
  } catch {
    // already gone
  }
}

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

const WATCHDOG_SCRIPT = [
  'read _ignored', // returns at EOF, i.e. when the Node parent has gone away
  'pid="$1"; shift',
  'if kill -TERM "$pid" 2>/dev/null; then',
  '  i=0',
  '  while kill -0 "$pid" 2>/dev/null && [ "$i" -lt 50 ]; do sleep 0.1; i=$((i+1)); done',
  '  kill -KILL "$pid" 2>/dev/null',
  'fi',
  'if [ "$#" -gt 0 ]; then rm -rf -- "$@"; fi',
  'exit 0',
].join('\n');

/** Kills the server (pid) and removes its temp dirs once this process is gone. */
function startWatchdog(pid: number, tempDirs: readonly string[]): ChildProcess | undefined {
  try {
    const watchdog = spawn(
      '/bin/sh',
      ['-c', WATCHDOG_SCRIPT, 'ticketing-test-server-watchdog', String(pid), ...tempDirs],
      {
        stdio: ['pipe', 'ignore', 'ignore'],
        detached: true, // own process group: a terminal Ctrl-C must not kill it before it acts
      },
    );
    watchdog.on('error', () => undefined); // no /bin/sh: the exit hook is the fallback
    watchdog.unref();
    const stdin = watchdog.stdin as (NodeJS.WritableStream & { unref?: () => void }) | null;
    stdin?.unref?.();
    stdin?.on('error', () => undefined);
    return watchdog;
  } catch {
    return undefined;
  }
}

/** Returns a TCP port that was free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() =>
        port > 0 ? resolve(port) : reject(new Error('could not allocate a free port')),
      );
    });
  });
}

export interface SpawnServerOptions<T> {
  /** Human name used in error messages, e.g. "nats-server". */
  name: string;
  command: string;
  args: readonly string[];
  /**
   * Called for every output line (stdout and stderr). Return a value (not
   * undefined) once the line proves the server is ready; it becomes `ready`.
   */
  readyWhen: (line: string) => T | undefined;
  /** Temp dirs owned by this server: removed on stop (and on process exit). */
  tempDirs?: string[];
  timeoutMs?: number;
  /** Run as this user instead of the caller (for servers that refuse to run as root). */
  user?: { uid: number; gid: number };
}

export interface ServerProcess<T> {
  ready: T;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Spawns a server, drains its output, waits until `readyWhen` matches a line.
 * Rejects with a one-line Error (including the last output lines) if the
 * server exits first, cannot be spawned, or is not ready within the timeout.
 */
export async function spawnServer<T>(options: SpawnServerOptions<T>): Promise<ServerProcess<T>> {
  installExitHook();
  const timeoutMs = options.timeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
  const tempDirs = options.tempDirs ?? [];
  const output: string[] = [];
  const lastOutput = (): string => {
    const lines = output.slice(-OUTPUT_LINES_IN_ERRORS);
    return lines.length > 0 ? `last output: ${lines.join(' | ')}` : 'no output';
  };

  const child = spawn(options.command, [...options.args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group: a terminal Ctrl-C reaches the runner, which stops the services that use this
    // server first and the server last. The watchdog still ends it if its parent dies.
    detached: true,
    ...options.user,
  });
  const tracked: Tracked = { child, watchdog: undefined, tempDirs };
  live.add(tracked);
  if (child.pid !== undefined) tracked.watchdog = startWatchdog(child.pid, tempDirs);

  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve()); // spawn failure: there is no process to wait for
  });

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      killQuietly(tracked.watchdog, 'SIGKILL');
      if (child.pid !== undefined && isRunning(child)) {
        child.kill('SIGTERM');
        let timer: NodeJS.Timeout | undefined;
        const graceOver = new Promise<'timeout'>((resolve) => {
          timer = setTimeout(() => resolve('timeout'), STOP_GRACE_MS);
        });
        const outcome = await Promise.race([exited.then(() => 'exited' as const), graceOver]);
        clearTimeout(timer);
        if (outcome === 'timeout') {
          killQuietly(child, 'SIGKILL');
          await exited;
        }
      }
      live.delete(tracked);
      await Promise.all(
        tempDirs.map((dir) => rm(dir, { recursive: true, force: true, maxRetries: 3 })),
      );
    })();
    return stopping;
  };

  const ready = await new Promise<T>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const fail = (message: string): void =>
      settle(() => {
        void stop().finally(() => reject(new Error(message)));
      });

    const timer = setTimeout(
      () => fail(`${options.name} did not become ready within ${timeoutMs} ms (${lastOutput()})`),
      timeoutMs,
    );

    const onLine = (line: string): void => {
      const clean = line.replace(/\s+$/, '');
      if (clean === '') return;
      output.push(clean);
      if (output.length > OUTPUT_LINES_KEPT) output.shift();
      if (settled) return;
      let value: T | undefined;
      try {
        value = options.readyWhen(clean);
      } catch (error) {
        fail(`${options.name}: ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
      if (value !== undefined) settle(() => resolve(value));
    };
    // Keep draining both pipes for the server's whole life so it never blocks on a full pipe.
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream, crlfDelay: Infinity }).on('line', onLine);
    }

    child.once('error', (error) =>
      fail(`cannot start ${options.name} (${options.command}): ${error.message}`),
    );
    child.once('exit', (code, signal) => {
      // let the pipes flush their last lines into `output` first
      setImmediate(() =>
        fail(
          `${options.name} exited (${signal ?? `code ${code}`}) before becoming ready (${lastOutput()})`,
        ),
      );
    });
  });

  // A forgotten server must not keep the test process alive; the exit hook kills it.
  child.unref();
  for (const stream of [child.stdout, child.stderr]) {
    (stream as unknown as { unref?: () => void }).unref?.();
  }

  return { ready, pid: child.pid ?? -1, stop };
}

/**
 * Retries `start` with a new free port when the previous one was taken between
 * allocation and bind (only used when the caller did not ask for a fixed port).
 */
export async function withFreePortRetry<T>(
  start: (port: number) => Promise<T>,
  attempts = 3,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      return await start(port);
    } catch (error) {
      const inUse =
        error instanceof Error && /address already in use|EADDRINUSE/i.test(error.message);
      if (!inUse || attempt >= attempts) throw error;
    }
  }
}
