import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ProcessSpec {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** GET this URL until it answers 2xx to know the process is ready. */
  readyUrl: string;
}

export type Log = (line: string) => void;

/** One child process: started, watched for readiness, its output prefixed line by line, stopped. */
export class ManagedProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private stopping = false;
  private readonly recent: string[] = [];

  constructor(
    readonly spec: ProcessSpec,
    private readonly log: Log,
    /** Called when the process exits without being asked to. */
    private readonly onUnexpectedExit: (description: string, recentOutput: string[]) => void,
  ) {}

  start(): void {
    this.stopping = false;
    const child = spawn(this.spec.command, this.spec.args, {
      cwd: this.spec.cwd,
      env: this.spec.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const prefix = this.spec.name.padEnd(10);
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        this.recent.push(line);
        if (this.recent.length > 20) this.recent.shift();
        this.log(`${prefix} | ${line}`);
      });
    }
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        if (!this.stopping) {
          const description = signal ? `was killed by ${signal}` : `exited with code ${code}`;
          this.onUnexpectedExit(description, [...this.recent]);
        }
        resolve();
      });
    });
    child.once('error', (err) => this.log(`${prefix} | failed to start: ${err.message}`));
  }

  /** Resolves once the process answers its readiness URL; rejects if it exits or takes too long. */
  async waitReady(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      // Read afresh each time: a restart replaces the child.
      const child = this.child;
      if (!child || child.exitCode !== null || child.signalCode !== null) {
        throw new Error(
          `${this.spec.name} exited before it was ready:\n${this.recent.slice(-5).join('\n')}`,
        );
      }
      try {
        const res = await fetch(this.spec.readyUrl, { signal: AbortSignal.timeout(2_000) });
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    throw new Error(
      `${this.spec.name} was not ready after ${timeoutMs} ms:\n${this.recent.slice(-5).join('\n')}`,
    );
  }

  /** Sends a signal and resolves once that process has exited (and, if unexpected, been restarted). */
  async kill(signal: NodeJS.Signals): Promise<void> {
    const exited = this.exited;
    this.child?.kill(signal);
    await exited;
  }

  /** SIGTERM, then SIGKILL if it has not exited within the grace period. */
  async stop(graceMs = 15_000): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}
