import { setTimeout as sleep } from 'node:timers/promises';
import type { Platform } from '../start-platform';
import type { SeededRandom } from './seeded-random';

/**
 * What is done to one process: a server stopped and started again on the same port and data
 * (`stop-start`); a service killed with SIGKILL, which the runner restarts (`kill`); either frozen with
 * SIGSTOP and thawed with SIGCONT (`freeze`).
 */
export type FaultAction = 'stop-start' | 'kill' | 'freeze';

export interface FaultTarget {
  name: string;
  kind: 'server' | 'service';
}

export interface FaultStep {
  action: FaultAction;
  target: string;
  /**
   * How long the process stays stopped or frozen; after a kill, how long until the next fault (the
   * service comes back as fast as the runner can restart it).
   */
  holdMs: number;
}

/** One fault: one step, or two at once. */
export interface Fault {
  steps: FaultStep[];
  /** NATS away for longer than the services' redelivery budget. */
  longOutage?: true;
}

/** A fault as it happened: when, and how long until every process it touched was ready again. */
export interface InjectedFault extends Fault {
  startedAtMs: number;
  recoveredInMs: number;
  error?: string;
}

export const SERVER_ACTIONS: FaultAction[] = ['stop-start', 'freeze'];
export const SERVICE_ACTIONS: FaultAction[] = ['kill', 'freeze'];

/** "kill orders", "stop-start nats-server": the kinds a run counts, each action on each process. */
export const faultKind = (step: Pick<FaultStep, 'action' | 'target'>) =>
  `${step.action} ${step.target}`;

export function everyFaultKind(
  targets: readonly FaultTarget[],
): Pick<FaultStep, 'action' | 'target'>[] {
  return targets.flatMap((target) =>
    (target.kind === 'server' ? SERVER_ACTIONS : SERVICE_ACTIONS).map((action) => ({
      action,
      target: target.name,
    })),
  );
}

export interface ScheduleOptions {
  targets: readonly FaultTarget[];
  random: SeededRandom;
  /** Bounds of a hold, in ms. */
  holdMs: { min: number; max: number };
  /** Share of the faults of a round that are two at once (0–1). */
  pairShare: number;
}

/**
 * The faults of one round, seeded: every kind once, shuffled, some of them two at once (two
 * different processes). A round holds each process's kill at most once, so repeated rounds stay
 * under the runner's crash-loop rule (six crashes in a minute stop everything) as long as a round
 * lasts more than ten seconds.
 */
export function faultRound({ targets, random, holdMs, pairShare }: ScheduleOptions): Fault[] {
  const steps = random
    .shuffled(everyFaultKind(targets))
    .map((kind): FaultStep => ({ ...kind, holdMs: random.between(holdMs.min, holdMs.max) }));
  const faults: Fault[] = [];
  while (steps.length > 0) {
    const first = steps.shift()!;
    const partner = steps.findIndex((s) => s.target !== first.target);
    if (partner >= 0 && random.chance(pairShare)) {
      faults.push({ steps: [first, ...steps.splice(partner, 1)] });
    } else {
      faults.push({ steps: [first] });
    }
  }
  return faults;
}

/**
 * Applies faults to a running platform, one fault (of one or two steps) at a time. A killed service
 * comes back in the background while the next faults hit other processes; a process is hit again
 * only once it is back.
 */
export class FaultInjector {
  readonly injected: InjectedFault[] = [];
  private readonly recovering = new Map<string, Promise<void>>();
  private closed = false;

  constructor(
    private readonly platform: Platform,
    private readonly log: (line: string) => void,
  ) {}

  async inject(fault: Fault): Promise<InjectedFault> {
    if (this.closed) throw new Error('the fault injector is closed (the platform is stopping)');
    const startedAtMs = Date.now();
    const what = fault.steps.map((s) => `${faultKind(s)} for ${s.holdMs} ms`).join(' + ');
    const injected: InjectedFault = { ...fault, startedAtMs, recoveredInMs: 0 };
    this.injected.push(injected);
    await this.comingBack(fault);
    this.log(`chaos      | fault: ${what}${fault.longOutage ? ' (long outage)' : ''}`);
    try {
      await Promise.all(fault.steps.map((step) => this.apply(step)));
    } catch (err) {
      // Recorded and reported; the run goes on (if the runner gave up, the run fails anyway).
      injected.error = err instanceof Error ? err.message : String(err);
      this.log(`chaos      | fault failed: ${injected.error}`);
    }
    void this.comingBack(fault).then(() => {
      injected.recoveredInMs = Date.now() - startedAtMs;
    });
    return injected;
  }

  /** Resolves once the processes of the fault that a kill sent restarting are back. */
  private async comingBack(fault: Fault): Promise<void> {
    await Promise.all(
      fault.steps.map((step) => this.recovering.get(step.target) ?? Promise.resolve()),
    );
  }

  /** Stops waiting for processes to come back (the platform is being stopped). */
  close(): void {
    this.closed = true;
  }

  /** Resolves once every process a fault touched is back. */
  async recovered(): Promise<void> {
    await Promise.all(this.recovering.values());
  }

  private async apply({ action, target, holdMs }: FaultStep): Promise<void> {
    switch (action) {
      case 'stop-start':
        await this.platform.halt(target);
        await sleep(holdMs);
        await this.platform.resume(target);
        return;
      case 'freeze':
        this.platform.signal(target, 'SIGSTOP');
        await sleep(holdMs);
        this.platform.signal(target, 'SIGCONT');
        return;
      case 'kill':
        await this.platform.kill(target, 'SIGKILL');
        this.recovering.set(target, this.untilReady(target));
        await sleep(holdMs);
        return;
    }
  }

  /** The runner restarts a killed service; a restart that fails is retried by the runner too. */
  private async untilReady(target: string): Promise<void> {
    while (!this.closed) {
      try {
        await this.platform.waitReady(target);
        return;
      } catch {
        await sleep(500);
      }
    }
  }
}
