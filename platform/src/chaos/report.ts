import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { faultKind, type InjectedFault } from './faults';
import type { InvariantResult } from './invariants';

/** A dead-letter replay the run did with the operator's command, and why. */
export interface Replay {
  subject: string;
  deadLetters: number;
  /** What the command printed (its last line says how many it replayed). */
  output: string;
}

export interface ChaosReport {
  seed: number;
  startedAt: string;
  /** How long the workload ran with faults injected. */
  workloadSeconds: number;
  settings: Record<string, unknown>;
  faults: {
    injected: number;
    byKind: Record<string, number>;
    /** Two processes at once. */
    pairs: number;
    longOutages: number;
    failed: string[];
    /** The slowest recovery: from the fault's start until every process it touched was ready again. */
    slowestRecoveryMs: number;
  };
  requests: { total: number; byRoute: Record<string, Record<string, number>> };
  orders: {
    byFinalState: Record<string, number>;
    /** The workload's orders: what the buyer meant to do → how the order ended. */
    byIntent: Record<string, Record<string, number>>;
  };
  /** From the end of the workload until every invariant held (or the settle timeout). */
  settleSeconds: number;
  settled: boolean;
  /**
   * Dead letters left after the workload: what they left behind (the invariants they broke while
   * the rest settled) and the replays that brought the platform back.
   */
  deadLetters: { seen: number; leftBehind: InvariantResult[]; replays: Replay[] };
  invariants: InvariantResult[];
  violations: number;
}

export function summariseFaults(injected: InjectedFault[]): ChaosReport['faults'] {
  const byKind: Record<string, number> = {};
  for (const fault of injected) {
    for (const step of fault.steps) {
      const kind = fault.longOutage ? `${faultKind(step)} (long outage)` : faultKind(step);
      byKind[kind] = (byKind[kind] ?? 0) + 1;
    }
  }
  return {
    injected: injected.length,
    byKind: Object.fromEntries(Object.entries(byKind).sort(([a], [b]) => a.localeCompare(b))),
    pairs: injected.filter((f) => f.steps.length === 2).length,
    longOutages: injected.filter((f) => f.longOutage).length,
    failed: injected.flatMap((f) =>
      f.error === undefined ? [] : [`${f.steps.map(faultKind).join(' + ')}: ${f.error}`],
    ),
    slowestRecoveryMs: Math.max(0, ...injected.map((f) => f.recoveredInMs)),
  };
}

const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;

export function toMarkdown(report: ChaosReport): string {
  const { faults, requests, orders, deadLetters } = report;
  const outcomes = [
    ...new Set(Object.values(requests.byRoute).flatMap((byOutcome) => Object.keys(byOutcome))),
  ].sort();
  const finalStates = [
    ...new Set(Object.values(orders.byIntent).flatMap((byState) => Object.keys(byState))),
  ].sort();
  return [
    `# Chaos run of ${report.startedAt}`,
    '',
    `Seed ${report.seed} (\`npm run chaos -- --seed ${report.seed}\` replays the workload and the schedule), ` +
      `${report.workloadSeconds} s of workload under faults; settled in ${report.settleSeconds} s` +
      `${report.settled ? '' : ' (did NOT settle: timed out)'}. **${report.violations} invariant violations.**`,
    '',
    '## Invariants',
    '',
    row(['invariant', 'checked', 'violations']),
    row(['---', '---:', '---:']),
    ...report.invariants.map((i) => row([i.name, i.checked, i.violations])),
    '',
    ...report.invariants
      .filter((i) => i.violations > 0)
      .flatMap((i) => [`${i.name}:`, ...i.examples.map((e) => `- ${e}`), '']),
    '## Faults',
    '',
    `${faults.injected} faults (${faults.pairs} of them two at once, ${faults.longOutages} long NATS ` +
      `outages); slowest recovery ${(faults.slowestRecoveryMs / 1000).toFixed(1)} s.` +
      (faults.failed.length > 0 ? ` Failed: ${faults.failed.join('; ')}.` : ''),
    '',
    row(['fault', 'times']),
    row(['---', '---:']),
    ...Object.entries(faults.byKind).map(([kind, times]) => row([kind, times])),
    '',
    '## Dead letters',
    '',
    deadLetters.seen === 0
      ? 'None.'
      : `${deadLetters.seen} dead letters. While the rest settled, they left behind: ${
          deadLetters.leftBehind.length === 0 ? 'nothing else.' : ''
        }`,
    ...deadLetters.leftBehind.flatMap((i) => [
      `- ${i.name}: ${i.violations}`,
      ...i.examples.map((e) => `  - ${e}`),
    ]),
    ...(deadLetters.replays.length === 0
      ? []
      : ['', 'Replayed with `npm run ops -- deadletters replay --subject S`:']),
    ...deadLetters.replays.map((r) => `- ${r.subject}: ${r.deadLetters} (${r.output})`),
    '',
    '## Requests by outcome',
    '',
    `${requests.total} requests.`,
    '',
    row(['request', ...outcomes]),
    row(['---', ...outcomes.map(() => '---:')]),
    ...Object.entries(requests.byRoute).map(([route, byOutcome]) =>
      row([route, ...outcomes.map((o) => byOutcome[o] ?? 0)]),
    ),
    '',
    '## Orders',
    '',
    `By final state: ${Object.entries(orders.byFinalState)
      .map(([state, count]) => `${state} ${count}`)
      .join(', ')}.`,
    '',
    row(["the buyer's intent", ...finalStates]),
    row(['---', ...finalStates.map(() => '---:')]),
    ...Object.entries(orders.byIntent).map(([intent, byState]) =>
      row([intent, ...finalStates.map((s) => byState[s] ?? 0)]),
    ),
    '',
    '## Settings',
    '',
    '```json',
    JSON.stringify(report.settings, null, 2),
    '```',
    '',
  ].join('\n');
}

/** Writes `<name>.json` and `<name>.md` into the directory; returns their paths. */
export async function writeReport(
  report: ChaosReport,
  directory: string,
  name: string,
): Promise<string[]> {
  await mkdir(directory, { recursive: true });
  const files = [path.join(directory, `${name}.json`), path.join(directory, `${name}.md`)];
  await writeFile(files[0]!, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(files[1]!, toMarkdown(report));
  return files;
}
