import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Linux reports CPU time in clock ticks of 1/100 s (USER_HZ) on every platform Node runs on. */
const TICKS_PER_SECOND = 100;

interface ProcessSample {
  pid: number;
  name: string;
  cpuSeconds: number;
  rssMb: number;
}

/** The bench's own process that only wakes every 100 ms (`idle-yardstick.ts`); not the platform's. */
export const IDLE_YARDSTICK = 'yardstick: a bare Node process waking every 100 ms';

/** What one process is, in the bench's words: the service it runs, or the server. */
function nameOf(pid: number, benchPid: number): string {
  if (pid === benchPid) return 'gateway + load generator (bench)';
  const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  const script = args.find((arg) => arg.endsWith(path.join('dist', 'index.js')));
  if (script) return path.basename(path.dirname(path.dirname(script)));
  if (args.some((arg) => arg.endsWith('idle-yardstick.js'))) return IDLE_YARDSTICK;
  if (args.some((arg) => arg.includes('next'))) return 'client';
  const command = path.basename(args[0] ?? readFileSync(`/proc/${pid}/comm`, 'utf8').trim());
  // PostgreSQL's processes rename themselves ("postgres: writer", one backend per connection).
  return command.startsWith('postgres') ? 'postgresql' : command;
}

function readSample(pid: number, benchPid: number): ProcessSample | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command may hold spaces and parentheses: the fields that matter follow the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime
    const rssPages = Number(fields[21]);
    return {
      pid,
      name: nameOf(pid, benchPid),
      cpuSeconds: ticks / TICKS_PER_SECOND,
      rssMb: (rssPages * 4096) / 1024 / 1024,
    };
  } catch {
    return undefined; // it exited meanwhile
  }
}

/** The bench process and every process below it: the platform's services and servers. */
function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), pid]);
    } catch {
      // exited while listed
    }
  }
  const tree: number[] = [];
  const visit = (pid: number) => {
    tree.push(pid);
    for (const child of children.get(pid) ?? []) visit(child);
  };
  visit(root);
  return tree;
}

export interface ProcessUsage {
  name: string;
  /** CPU time over the window, as a percentage of one core. */
  cpuPercentOfCore: number;
  /** Resident memory at the end of the window (summed over the name's processes). */
  rssMb: number;
}

/** CPU and memory of the bench and the platform it started, per process name, between two moments. */
export class ProcessMeter {
  private readonly benchPid = process.pid;
  private startedAt = 0;
  private start = new Map<number, ProcessSample>();

  /** Starts a window: what every process has used so far. */
  begin(): void {
    this.startedAt = performance.now();
    this.start = new Map(
      processTree(this.benchPid)
        .map((pid) => readSample(pid, this.benchPid))
        .filter((s): s is ProcessSample => s !== undefined)
        .map((s) => [s.pid, s]),
    );
  }

  /**
   * Ends the window: per name, the CPU used since `begin()` (a process started meanwhile counts
   * from its start; one that ended meanwhile is missing) and the memory now, busiest first.
   */
  end(): ProcessUsage[] {
    const seconds = (performance.now() - this.startedAt) / 1000;
    const byName = new Map<string, { cpu: number; rss: number }>();
    for (const pid of processTree(this.benchPid)) {
      const sample = readSample(pid, this.benchPid);
      if (!sample) continue;
      const used = sample.cpuSeconds - (this.start.get(pid)?.cpuSeconds ?? 0);
      const total = byName.get(sample.name) ?? { cpu: 0, rss: 0 };
      byName.set(sample.name, { cpu: total.cpu + used, rss: total.rss + sample.rssMb });
    }
    return [...byName]
      .map(([name, { cpu, rss }]) => ({
        name,
        cpuPercentOfCore: Math.round((cpu / seconds) * 1000) / 10,
        rssMb: Math.round(rss),
      }))
      .sort((a, b) => b.cpuPercentOfCore - a.cpuPercentOfCore);
  }
}

/** "tickets 85%, postgresql 40%, …": where a scenario's CPU went. */
export const describeUsage = (usage: ProcessUsage[]) =>
  usage
    .filter((u) => u.cpuPercentOfCore >= 0.1)
    .map((u) => `${u.name} ${u.cpuPercentOfCore}%`)
    .join(', ');
