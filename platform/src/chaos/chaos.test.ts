import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { SERVICES } from '../services';
import { everyFaultKind, faultKind } from './faults';
import { writeReport } from './report';
import { CHAOS_ENV, runChaos } from './run-chaos';
import { DEFAULT_MIX } from './workload';

// The short chaos run of `npm test`: a fixed seed, every fault kind once, under a workload; the full
// run is `npm run chaos -- --minutes 10`. It starts its own servers (as `npm start` does), since the
// faults stop and freeze them.
const sharedMongo = process.env.MONGO_URL;
beforeAll(() => {
  delete process.env.MONGO_URL;
});
afterAll(() => {
  process.env.MONGO_URL = sharedMongo;
});

const SEED = 18;
const OUTPUT = path.resolve(__dirname, '../../../test-output/chaos');

describe('chaos, the short run', () => {
  it('when every server is stopped and frozen, and every service killed and frozen, one at a time and two at once, while buyers and sellers use the site, then the platform settles with every invariant holding', async () => {
    const lines: string[] = [];
    // Every process's output, for whoever reads a failure.
    mkdirSync(OUTPUT, { recursive: true });
    const output = createWriteStream(path.join(OUTPUT, 'short-run.log'));
    const report = await runChaos({
      seed: SEED,
      // One round, however long the machine takes for it (under a minute on a quiet one).
      workloadMs: 600_000,
      rounds: 1,
      sellers: 2,
      buyers: 4,
      thinkMs: 200,
      mix: DEFAULT_MIX,
      holdMs: { min: 200, max: 800 },
      gapMs: { min: 100, max: 300 },
      // Two at once wherever possible, to keep the run short.
      pairShare: 1,
      longOutages: 1,
      settleTimeoutMs: 45_000,
      // A smaller redelivery budget (100 + 200 + 400 ms), so the long NATS outage outlasts it quickly.
      env: { ...CHAOS_ENV, EVENT_RETRY_DELAY_MS: '100', EVENT_MAX_DELIVERIES: '4' },
      log: (line) => {
        lines.push(line);
        // The runner's lines come through platformLog too.
        if (line.startsWith('chaos')) output.write(`${line}\n`);
      },
      platformLog: (line) => output.write(`${line}\n`),
    });
    output.end();
    await writeReport(report, OUTPUT, 'short-run');

    const kinds = everyFaultKind([
      ...['nats-server', 'redis-server', 'postgres', 'ferretdb'].map((name) => ({
        name,
        kind: 'server' as const,
      })),
      ...SERVICES.map(({ name }) => ({ name, kind: 'service' as const })),
    ]).map(faultKind);
    expect(Object.keys(report.faults.byKind)).toEqual(
      expect.arrayContaining([...kinds, 'stop-start nats-server (long outage)']),
    );
    expect(report.faults.pairs).toBeGreaterThan(0);
    expect(report.faults.failed).toEqual([]);
    expect(report.orders.byFinalState.complete).toBeGreaterThan(0);
    expect(report.orders.byFinalState.cancelled).toBeGreaterThan(0);
    const violated = report.invariants.filter((i) => i.violations > 0);
    expect({ violated, log: violated.length > 0 ? lines : [] }).toEqual({ violated: [], log: [] });
    process.stdout.write(
      `chaos short run: ${report.workloadSeconds} s of faults, settled in ${report.settleSeconds} s\n`,
    );
  }, 900_000);
});
