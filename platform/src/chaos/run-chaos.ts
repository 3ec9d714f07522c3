import { execFile } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import mongoose from 'mongoose';
import { PLATFORM_STREAM } from '@ticketing/common';
import { databaseUrl } from '../infrastructure';
import { SERVICES } from '../services';
import { startPlatform, type Platform } from '../start-platform';
import { FaultInjector, faultRound, type Fault, type FaultTarget } from './faults';
import { checkInvariants, type InvariantResult } from './invariants';
import { summariseFaults, type ChaosReport, type Replay } from './report';
import { SeededRandom } from './seeded-random';
import { readStream } from './stream-reader';
import { Workload, type Action, type PlacedOrder } from './workload';

const ROOT = path.resolve(__dirname, '../../..');
/** The servers `npm start` runs when no URL is given: each one is stopped, started and frozen. */
const SERVERS = ['nats-server', 'redis-server', 'postgres', 'ferretdb'];

export interface ChaosOptions {
  seed: number;
  /** How long the workload runs while faults are injected, at most. */
  workloadMs: number;
  /** Stop after this many rounds of every fault kind (default: as many as the time allows). */
  rounds?: number;
  sellers: number;
  buyers: number;
  thinkMs: number;
  mix: Record<Action, number>;
  /** How long a process stays stopped or frozen. */
  holdMs: { min: number; max: number };
  /** The pause between two faults. */
  gapMs: { min: number; max: number };
  /** Share of faults that hit two processes at once. */
  pairShare: number;
  /** NATS stopped for longer than the redelivery budget this many times, spread over the run. */
  longOutages: number;
  settleTimeoutMs: number;
  /** The services' settings (see CHAOS_ENV). */
  env: Record<string, string>;
  /** The run's own lines and the runner's. */
  log: (line: string) => void;
  /** Every line of every process (the services' logs). */
  platformLog?: (line: string) => void;
}

/**
 * The platform under chaos: short windows, so a run sees reservations expire and redeliveries run
 * out. The redelivery budget is 250 + 500 + 1,000 + 2,000 ms (the delays before deliveries 2–5).
 */
export const CHAOS_ENV: Record<string, string> = {
  LOG_LEVEL: 'warn',
  AUTH_RATE_LIMIT_MAX: '1000000',
  AUTH_ACCOUNT_RATE_LIMIT_MAX: '1000000',
  PAYMENT_DECLINES_PER_ORDER: '1000',
  PAYMENT_DECLINES_PER_USER: '1000000',
  EXPIRATION_WINDOW_SECONDS: '8',
  EVENT_ACK_WAIT_MS: '3000',
  EVENT_RETRY_DELAY_MS: '250',
  EVENT_MAX_DELIVERIES: '5',
};

/** The time between a message's first delivery and its last, if every delivery fails at once. */
export function redeliveryBudgetMs(env: Record<string, string>): number {
  const ackWait = Number(env.EVENT_ACK_WAIT_MS);
  const first = Number(env.EVENT_RETRY_DELAY_MS);
  let total = 0;
  for (let delivery = 1; delivery < Number(env.EVENT_MAX_DELIVERIES); delivery++) {
    total += Math.min(first * 2 ** (delivery - 1), ackWait);
  }
  return total;
}

const MAX_REPLAY_ROUNDS = 5;

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const { log } = options;
  const startedAt = new Date();
  const random = new SeededRandom(options.seed);
  log(`chaos      | seed ${options.seed}; starting the platform`);
  const platform = await startPlatform({
    port: 0,
    env: options.env,
    log: (line) => {
      options.platformLog?.(line);
      if (line.startsWith('runner')) log(line);
    },
  });
  try {
    const workload = new Workload({
      url: platform.url,
      random: random.fork(),
      sellers: options.sellers,
      buyers: options.buyers,
      thinkMs: options.thinkMs,
      mix: options.mix,
    });
    await workload.start();
    const workloadStarted = Date.now();
    const injector = new FaultInjector(platform, log);
    try {
      await Promise.race([
        injectFaults(options, random, injector).then(() => injector.recovered()),
        platform.failed,
      ]);
    } finally {
      injector.close();
    }
    await workload.stop();
    const workloadSeconds = Math.round((Date.now() - workloadStarted) / 1000);
    log(`chaos      | workload stopped after ${workloadSeconds} s; settling`);

    const databases = await openDatabases(platform);
    let settling: Settling;
    let orders: ChaosReport['orders'];
    try {
      settling = await settle(platform, databases, options);
      settling.invariants.push(await apiAgrees(workload.orders, databases.orders));
      orders = await ordersByState(databases.orders, workload.orders);
    } finally {
      await databases.close();
    }
    const invariants = settling.invariants;
    const violations = invariants.reduce((sum, i) => sum + i.violations, 0);
    return {
      seed: options.seed,
      startedAt: startedAt.toISOString(),
      workloadSeconds,
      settings: {
        ...options.env,
        sellers: options.sellers,
        buyers: options.buyers,
        thinkMs: options.thinkMs,
        mix: options.mix,
        holdMs: options.holdMs,
        gapMs: options.gapMs,
        pairShare: options.pairShare,
        longOutages: options.longOutages,
        redeliveryBudgetMs: redeliveryBudgetMs(options.env),
      },
      faults: summariseFaults(injector.injected),
      requests: { total: workload.requests.total(), byRoute: workload.requests.counts },
      orders,
      settleSeconds: Math.round(settling.ms / 100) / 10,
      settled: violations === 0,
      deadLetters: settling.deadLetters,
      invariants,
      violations,
    };
  } finally {
    await platform.stop();
  }
}

/** Rounds of every fault kind until the workload's time is up; the long outages spread among them. */
async function injectFaults(
  options: ChaosOptions,
  random: SeededRandom,
  injector: FaultInjector,
): Promise<void> {
  const targets: FaultTarget[] = [
    ...SERVERS.map((name) => ({ name, kind: 'server' as const })),
    ...SERVICES.map(({ name }) => ({ name, kind: 'service' as const })),
  ];
  const longOutageMs = 2 * redeliveryBudgetMs(options.env) + 2_000;
  const deadline = Date.now() + options.workloadMs;
  const longOutageAt = Array.from(
    { length: options.longOutages },
    (_, i) => Date.now() + ((i + 1) * options.workloadMs) / (options.longOutages + 1),
  );
  const longOutage = (): Fault => ({
    steps: [{ action: 'stop-start', target: 'nats-server', holdMs: longOutageMs }],
    longOutage: true,
  });
  for (let round = 0; round < (options.rounds ?? Infinity) && Date.now() < deadline; round++) {
    const faults = faultRound({
      targets,
      random,
      holdMs: options.holdMs,
      pairShare: options.pairShare,
    });
    for (const fault of faults) {
      if (Date.now() >= deadline) break;
      if (longOutageAt.length > 0 && Date.now() >= longOutageAt[0]!) {
        longOutageAt.shift();
        await injector.inject(longOutage());
      }
      await injector.inject(fault);
      await sleep(random.between(options.gapMs.min, options.gapMs.max));
    }
  }
  // Rounds that ended early leave the long outages still due.
  while (longOutageAt.shift() !== undefined) await injector.inject(longOutage());
}

interface Settling {
  ms: number;
  invariants: InvariantResult[];
  deadLetters: ChaosReport['deadLetters'];
}

const DEAD_LETTERS = 'the dead-letter subject is empty';

/**
 * Waits until every invariant holds, or the settle timeout. Dead letters do not go away by
 * themselves: once they have stayed for twice the redelivery budget (everything else had its
 * chance to arrive), what they left behind is recorded and they are replayed with the operator's
 * command (a few rounds: a replay can dead-letter again while the event it builds on is on its way).
 */
async function settle(
  platform: Platform,
  databases: Databases,
  options: ChaosOptions,
): Promise<Settling> {
  const started = Date.now();
  const deadLetters: ChaosReport['deadLetters'] = { seen: 0, leftBehind: [], replays: [] };
  let deadSince: number | undefined;
  let replayRounds = 0;
  for (;;) {
    const invariants = await checkInvariants({
      ...databases,
      messages: await readStream(platform.natsUrl),
    });
    const violated = invariants.filter((i) => i.violations > 0);
    const ms = Date.now() - started;
    if (violated.length === 0 || ms > options.settleTimeoutMs) {
      return { ms, invariants, deadLetters };
    }
    options.log(
      `chaos      | not settled after ${Math.round(ms / 1000)} s: ${violated
        .map((i) => `${i.name} (${i.violations})`)
        .join('; ')}`,
    );
    const dead = violated.some((i) => i.name === DEAD_LETTERS);
    deadSince = dead ? (deadSince ?? Date.now()) : undefined;
    if (
      deadSince !== undefined &&
      Date.now() - deadSince >= 2 * redeliveryBudgetMs(options.env) &&
      replayRounds < MAX_REPLAY_ROUNDS
    ) {
      replayRounds++;
      if (deadLetters.leftBehind.length === 0) {
        deadLetters.leftBehind = violated.filter((i) => i.name !== DEAD_LETTERS);
      }
      for (const [subject, count] of await deadLetterCounts(platform.natsUrl)) {
        deadLetters.seen += count;
        deadLetters.replays.push(await replay(platform.natsUrl, subject, count, options.log));
      }
      deadSince = undefined;
      continue;
    }
    await sleep(2_000);
  }
}

type Databases = Awaited<ReturnType<typeof openDatabases>>;

/** Each service's own database, read only. */
async function openDatabases(platform: Platform) {
  const owning = SERVICES.filter((s) => s.ownsDatabase).map((s) => s.name);
  const connections = new Map<string, mongoose.Connection>(
    await Promise.all(
      owning.map(
        async (name) =>
          [
            name,
            await mongoose.createConnection(databaseUrl(platform.mongoUrl, name)).asPromise(),
          ] as const,
      ),
    ),
  );
  const db = (name: string) => {
    const database = connections.get(name)?.db;
    if (database === undefined) throw new Error(`no database for ${name}`);
    return database;
  };
  return {
    tickets: db('tickets'),
    orders: db('orders'),
    payments: db('payments'),
    catalog: db('catalog'),
    outboxDatabases: owning.map(db),
    close: async () => {
      await Promise.all([...connections.values()].map((c) => c.close()));
    },
  };
}

/** Dead letters per original subject, from the stream's subject counts. */
async function deadLetterCounts(natsUrl: string): Promise<Map<string, number>> {
  const nc = await connect({ servers: natsUrl, name: 'ticketing-chaos-check' });
  try {
    const jsm = await jetstreamManager(nc);
    const info = await jsm.streams.info(PLATFORM_STREAM.name, { subjects_filter: 'deadletter.>' });
    return new Map(
      Object.entries(info.state.subjects ?? {}).map(([subject, count]) => [
        subject.slice('deadletter.'.length),
        count,
      ]),
    );
  } finally {
    await nc.close();
  }
}

/** `npm run ops -- deadletters replay --subject S`, as an operator runs it. */
async function replay(
  natsUrl: string,
  subject: string,
  count: number,
  log: (line: string) => void,
): Promise<Replay> {
  log(
    `chaos      | ${count} dead letters of ${subject}: npm run ops -- deadletters replay --subject ${subject}`,
  );
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [path.join(ROOT, 'common/dist/ops/cli.js'), 'deadletters', 'replay', '--subject', subject],
    { env: { ...process.env, NATS_URL: natsUrl } },
  );
  const lastLine = stdout.trim().split('\n').pop() ?? '';
  return { subject, deadLetters: count, output: lastLine };
}

/** What each buyer sees of their order through the gateway is what the orders service stores. */
async function apiAgrees(
  orders: PlacedOrder[],
  ordersDb: mongoose.mongo.Db,
): Promise<InvariantResult> {
  const examples: string[] = [];
  for (const order of orders) {
    const shown = await order.buyer.call('GET', `/api/orders/${order.id}`);
    const stored = await ordersDb
      .collection('orders')
      .findOne({ _id: new mongoose.Types.ObjectId(order.id) });
    if (shown.status !== 200 || shown.body?.status !== stored?.status) {
      examples.push(
        `order ${order.id}: the API answers ${shown.status} ${shown.body?.status ?? ''}, the database holds ${stored?.status ?? 'nothing'}`,
      );
    }
  }
  return {
    name: 'the public API shows each order as the orders service stores it',
    checked: orders.length,
    violations: examples.length,
    examples: examples.slice(0, 10),
  };
}

async function ordersByState(
  ordersDb: mongoose.mongo.Db,
  placed: PlacedOrder[],
): Promise<ChaosReport['orders']> {
  const orders = await ordersDb
    .collection('orders')
    .find({}, { projection: { status: 1 } })
    .toArray();
  const status = new Map(orders.map((o) => [String(o._id), String(o.status)]));
  const byFinalState: Record<string, number> = {};
  for (const state of status.values()) byFinalState[state] = (byFinalState[state] ?? 0) + 1;
  const byIntent: Record<string, Record<string, number>> = {};
  for (const order of placed) {
    const state = status.get(order.id) ?? 'missing';
    const row = (byIntent[order.intent] ??= {});
    row[state] = (row[state] ?? 0) + 1;
  }
  return { byFinalState, byIntent };
}
