import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';

const DEFAULT_READY_TIMEOUT_MS = 30_000;
const DEFAULT_STOP_GRACE_MS = 10_000;
const OUTPUT_LINES_KEPT = 30;
const OUTPUT_LINES_IN_ERRORS = 5;

export interface ProcessSpec<T> {
  /** Human name used in messages, e.g. "nats-server". */
  name: string;
  command: string;
  /** Read at every start: a caller may pin what the first start chose (a port) before a restart. */
  args: readonly string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Run as this user instead of the caller (for servers that refuse to run as root). */
  user?: { uid: number; gid: number };
  /**
   * How the process proves it is ready: a line of its output (stdout or stderr) for which this
   * returns a value (it becomes what start() resolves to), or a URL that answers 2xx.
   */
  ready: { line: (line: string) => T | undefined } | { url: string };
  /** Directories owned by the process across restarts: removed on stop (and when this process exits). */
  tempDirs?: string[];
  readyTimeoutMs?: number;
  stopGraceMs?: number;
  /** The signal that asks it to stop (then SIGKILL after the grace period); default SIGTERM. */
  stopSignal?: NodeJS.Signals;
}

export interface ProcessHooks {
  /** Every output line, as it comes. */
  onLine?: (line: string) => void;
  /** The process ended without being asked to: how, and its last output lines; start() runs it again. */
  onUnexpectedExit?: (
    description: string,
    lastLines: string[],
    process: ManagedProcess<unknown>,
  ) => void;
}

/*
 * Orphan protection, two layers:
 *  1. a process 'exit' handler SIGKILLs every live child and removes its temp dirs
 *     (covers normal exit, process.exit(), jest workers being ended);
 *  2. a tiny detached `sh` watchdog per child whose stdin is a pipe from this
 *     process: when this process dies in any way (even SIGKILL), the pipe closes,
 *     `read` returns and the watchdog SIGTERMs (then SIGKILLs) the child.
 */
const live = new Set<ManagedProcess<unknown>>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const managed of live) managed.killNowOnExit();
    live.clear();
  });
}

function isRunning(child: ChildProcess | undefined): child is ChildProcess {
  return child !== undefined && child.exitCode === null && child.signalCode === null;
}

function killQuietly(child: ChildProcess | undefined, signal: NodeJS.Signals): void {
  if (!isRunning(child)) return;
  try {
    child.kill(signal);
  } catch {
    // already gone
  }
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

/** Kills the child (pid) and removes its temp dirs once this process is gone. */
function startWatchdog(pid: number, tempDirs: readonly string[]): ChildProcess | undefined {
  try {
    const watchdog = spawn(
      '/bin/sh',
      ['-c', WATCHDOG_SCRIPT, 'ticketing-local-server-watchdog', String(pid), ...tempDirs],
      {
        stdio: ['pipe', 'ignore', 'ignore'],
        detached: true, // own process group: a terminal Ctrl-C must not kill it before it acts
      },
    );
    watchdog.on('error', () => undefined); // no /bin/sh: the exit hook is the fallback
    watchdog.stdin?.on('error', () => undefined);
    watchdog.unref();
    (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    return watchdog;
  } catch {
    return undefined;
  }
}

/** The lowest local port of outgoing connections (Linux's setting; elsewhere IANA's dynamic range). */
function lowestEphemeralPort(): number {
  try {
    const low = Number(
      readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0],
    );
    if (Number.isInteger(low)) return low;
  } catch {
    // not Linux: macOS and Windows use IANA's dynamic range
  }
  return 49152;
}

const LOWEST_FREE_PORT = 10_000;

function listensOn(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    // Every address, as a service binds: a port held on any one of them is not free.
    server.listen(port, () => server.close(() => resolve(true)));
  });
}

/**
 * A port nothing listens on, chosen at random below the kernel's ephemeral range. Never from that
 * range: between this choice and the server's bind, any outgoing connection (a database pool's) may
 * be given the same port as its local end, and the server then fails with EADDRINUSE for as long
 * as that connection lives — restarting it on the same port fails again.
 */
export async function freePort(): Promise<number> {
  const highest = Math.max(lowestEphemeralPort() - 1, LOWEST_FREE_PORT + 1_000);
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = LOWEST_FREE_PORT + Math.floor(Math.random() * (highest - LOWEST_FREE_PORT));
    if (await listensOn(port)) return port;
  }
  throw new Error(`could not find a free port between ${LOWEST_FREE_PORT} and ${highest}`);
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

/**
 * One child process — a server or a service — started, watched until ready, its output drained
 * (and kept: the last lines explain a failure), stopped with SIGTERM then SIGKILL. It can be started
 * again after it ended; whoever supervises it decides when, from onUnexpectedExit.
 */
export class ManagedProcess<T = true> {
  private child: ChildProcess | undefined;
  private watchdog: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private stopping: Promise<void> | undefined;
  private readying: Promise<T> | undefined;
  private started = false;
  /** Ended on purpose by halt(): its exit is no crash, and start() runs it again. */
  private halted = false;
  private readonly output: string[] = [];

  constructor(
    readonly spec: ProcessSpec<T>,
    private readonly hooks: ProcessHooks = {},
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** The last lines of output, oldest first. */
  lastLines(count = OUTPUT_LINES_IN_ERRORS): string[] {
    return this.output.slice(-count);
  }

  /**
   * Spawns the process and resolves once it is ready. Rejects with a one-line Error (with its last
   * output lines) if it cannot be spawned, exits first or is not ready in time; it is stopped then.
   */
  start(): Promise<T> {
    installExitHook();
    live.add(this);
    this.stopping = undefined;
    this.halted = false;
    const spec = this.spec;
    const child = spawn(spec.command, [...spec.args], {
      cwd: spec.cwd,
      env: spec.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Own process group: a terminal Ctrl-C reaches the runner, which stops the services first and
      // the servers they use last. The watchdog still ends it if its parent dies.
      detached: true,
      ...spec.user,
    });
    this.child = child;
    killQuietly(this.watchdog, 'SIGKILL');
    this.watchdog =
      child.pid === undefined ? undefined : startWatchdog(child.pid, spec.tempDirs ?? []);

    const lineListeners = new Set<(line: string) => void>();
    for (const stream of [child.stdout, child.stderr]) {
      // Drained for the process's whole life, so it never blocks on a full pipe.
      createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
        const clean = line.replace(/\s+$/, '');
        if (clean === '') return;
        this.output.push(clean);
        if (this.output.length > OUTPUT_LINES_KEPT) this.output.shift();
        this.hooks.onLine?.(clean);
        for (const listener of lineListeners) listener(clean);
      });
    }
    let ready = false;
    this.exited = new Promise<void>((resolve) => {
      child.once('exit', (code, signal) => {
        // Let the pipes flush their last lines first.
        setImmediate(() => {
          // Before it was ready, start() rejecting is the report.
          if (ready && this.stopping === undefined && !this.halted && this.child === child) {
            const description = signal ? `was killed by ${signal}` : `exited with code ${code}`;
            this.hooks.onUnexpectedExit?.(description, this.lastLines(), this);
          }
          resolve();
        });
      });
      child.once('error', () => resolve()); // spawn failure: there is no process to wait for
    });

    const restart = this.started;
    this.started = true;
    this.readying = this.waitUntilReady(child, lineListeners).then(
      (value) => {
        ready = true;
        // A forgotten server must not keep a test process alive; the exit hook kills it.
        child.unref();
        for (const stream of [child.stdout, child.stderr]) {
          (stream as unknown as { unref?: () => void }).unref?.();
        }
        return value;
      },
      async (error: unknown) => {
        // A restart that fails keeps the data of the run its supervisor is in charge of.
        await (restart ? this.terminate() : this.stop());
        throw error;
      },
    );
    return this.readying;
  }

  /** Resolves once the latest start is ready (e.g. after a restart by its supervisor). */
  ready(): Promise<T> {
    if (this.readying === undefined) throw new Error(`${this.spec.name} was never started`);
    return this.readying;
  }

  private waitUntilReady(child: ChildProcess, lineListeners: Set<(line: string) => void>) {
    const { name, command, ready } = this.spec;
    const timeoutMs = this.spec.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
    const lastOutput = (): string => {
      const lines = this.lastLines();
      return lines.length > 0 ? `last output: ${lines.join(' | ')}` : 'no output';
    };
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const settle = (fn: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        lineListeners.clear();
        fn();
      };
      const fail = (message: string) => settle(() => reject(new Error(message)));
      const timer = setTimeout(
        () => fail(`${name} did not become ready within ${timeoutMs} ms (${lastOutput()})`),
        timeoutMs,
      );
      child.once('error', (error) => fail(`cannot start ${name} (${command}): ${error.message}`));
      child.once('exit', (code, signal) =>
        setImmediate(() =>
          fail(
            `${name} exited (${signal ?? `code ${code}`}) before becoming ready (${lastOutput()})`,
          ),
        ),
      );

      if ('line' in ready) {
        lineListeners.add((line) => {
          let value: T | undefined;
          try {
            value = ready.line(line);
          } catch (error) {
            fail(`${name}: ${error instanceof Error ? error.message : String(error)}`);
            return;
          }
          if (value !== undefined) settle(() => resolve(value));
        });
        return;
      }
      void (async () => {
        while (!settled) {
          try {
            const res = await fetch(ready.url, { signal: AbortSignal.timeout(2_000) });
            if (res.ok) return settle(() => resolve(true as T));
          } catch {
            // not listening yet
          }
          await sleep(100);
        }
      })();
    });
  }

  /** Sends a signal and resolves once the process has exited (and its supervisor was told). */
  async kill(signal: NodeJS.Signals): Promise<void> {
    const exited = this.exited;
    this.child?.kill(signal);
    await exited;
  }

  /** Sends a signal without waiting for an exit: SIGSTOP freezes the process, SIGCONT thaws it. */
  signal(signal: NodeJS.Signals): void {
    killQuietly(this.child, signal);
  }

  /**
   * Ends the process on purpose but keeps its data and its port (an outage): nobody is told of an
   * unexpected exit, and start() runs it again.
   */
  async halt(): Promise<void> {
    this.halted = true;
    // A frozen process would sit on SIGTERM until the grace period ran out.
    killQuietly(this.child, 'SIGCONT');
    await this.terminate();
  }

  /** SIGTERM, then SIGKILL after the grace period. */
  private async terminate(): Promise<void> {
    killQuietly(this.watchdog, 'SIGKILL');
    const child = this.child;
    if (!isRunning(child)) return;
    child.kill(this.spec.stopSignal ?? 'SIGTERM');
    const timer = setTimeout(
      () => killQuietly(child, 'SIGKILL'),
      this.spec.stopGraceMs ?? DEFAULT_STOP_GRACE_MS,
    );
    await this.exited;
    clearTimeout(timer);
  }

  /** Ends the process for good: terminated, then its temp dirs removed. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      await this.terminate();
      live.delete(this);
      await Promise.all(
        (this.spec.tempDirs ?? []).map((dir) =>
          rm(dir, { recursive: true, force: true, maxRetries: 3 }),
        ),
      );
    })();
    return this.stopping;
  }

  /** For the exit hook: no time is left to wait. */
  killNowOnExit(): void {
    killQuietly(this.watchdog, 'SIGKILL');
    killQuietly(this.child, 'SIGKILL');
    for (const dir of this.spec.tempDirs ?? []) {
      try {
        rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
      } catch {
        // best effort while exiting
      }
    }
  }
}
