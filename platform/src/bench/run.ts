import { fork } from 'node:child_process';
import { once } from 'node:events';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { startPlatform } from '../start-platform';
import { backingOff, signedUp } from '../e2e/support/shopper';
import { benchCatalog } from './catalog';
import { measureCeiling, ticketReads, type CeilingQuery } from './database-ceiling';
import { percentile, startServer, summarise, type Row } from './measure';
import { propagationBetween, propagationBuckets } from './propagation';
import { observabilityRows } from './observability';
import { describeUsage, IDLE_YARDSTICK, ProcessMeter, type ProcessUsage } from './processes';
import { waitForOrdersToKnow } from './orders-knowledge';
import { WriteCeiling } from './write-ceiling';

const RESULTS_DIR = path.resolve(__dirname, '../../../bench/results');
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
// Writes are counted, not timed: every ticket written is an event the other services must consume,
// and the local MongoDB (FerretDB) slows down as collections grow (see the README's Benchmark).
const TICKET_WRITES = Number(process.env.BENCH_TICKETS ?? 500);
const ORDER_REQUESTS = Number(process.env.BENCH_ORDERS ?? 300);
const FLOWS = Number(process.env.BENCH_FLOWS ?? 100);
const PROPAGATION_SAMPLES = Number(process.env.BENCH_PROPAGATION_SAMPLES ?? 30);
// A burst of new tickets, created BURST_AT_ONCE at a time: how long until orders knows them all.
const BURST_TICKETS = Number(process.env.BENCH_BURST_TICKETS ?? 1_500);
const BURST_AT_ONCE = 20;
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 60);

/** A row from latencies measured by the benchmark itself (not by autocannon). */
const latencyRow = (
  name: string,
  samplesMs: number[],
  { requestsPerSecond = 0, errors = 0 } = {},
): Row => ({
  name,
  requestsPerSecond,
  p50Ms: percentile(samplesMs, 50),
  p99Ms: percentile(samplesMs, 99),
  errors,
});

const log = (line: string) => process.stdout.write(`${line}\n`);

/** `part` as a percentage of `whole`, to one decimal. */
const ratio = (part: number, whole: number) => Math.round((part / whole) * 1000) / 10;

/** `npm run bench -- observability`: only what observing a request costs, without the platform. */
async function observabilityOnly() {
  mkdirSync(RESULTS_DIR, { recursive: true });
  log('the cost of metrics and tracing, on a bare route…');
  writeResults(
    await observabilityRows({ connections: CONNECTIONS, duration: DURATION_SECONDS }, log),
    'observability',
  );
}

async function main() {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const external = process.env.BENCH_URL;
  const platform = external
    ? undefined
    : await startPlatform({
        port: 0,
        env: { LOG_LEVEL: 'warn', AUTH_RATE_LIMIT_MAX: '1000000' },
        // The services' warnings and errors, for when a scenario has errors.
        log: (line) => appendFileSync(path.join(RESULTS_DIR, 'platform.log'), `${line}\n`),
      });
  const baseUrl = external ?? platform!.url;
  // The ceilings query the database directly, and the burst counts what orders knows there.
  const mongoUrl = platform?.mongoUrl ?? process.env.MONGO_URL;
  if (!mongoUrl)
    throw new Error('BENCH_URL needs MONGO_URL: the server the platform’s databases are on');
  const baseline = await startServer('baseline-server.js');
  const rows: Row[] = [];
  const run = (options: autocannon.Options) =>
    autocannon({ connections: CONNECTIONS, duration: DURATION_SECONDS, ...options });
  // Where the machine's CPU went during each scenario, per process (services, servers, the bench).
  const meter = new ProcessMeter();
  const cpu: Record<string, ProcessUsage[]> = {};
  const metered = async <T>(scenario: string, work: () => Promise<T>): Promise<T> => {
    meter.begin();
    const result = await work();
    cpu[scenario] = meter.end();
    log(`  CPU, % of one core: ${describeUsage(cpu[scenario])}`);
    return result;
  };
  /** An endpoint's rows, then its query's ceiling right after them, and each row's share of it. */
  const read = async (endpointRows: Row[], query: CeilingQuery) => {
    const ceiling = await metered(`${query.endpoint}, ceiling`, () =>
      measureCeiling(mongoUrl, query, {
        connections: CONNECTIONS,
        durationSeconds: DURATION_SECONDS,
      }),
    );
    for (const row of endpointRows) {
      row.ratioToCeiling = ratio(row.requestsPerSecond, ceiling.requestsPerSecond);
    }
    rows.push(...endpointRows, ceiling);
  };

  let opened: WriteCeiling | undefined;
  try {
    // The write scenarios' ceilings: the same writes, straight to the database (scratch copies).
    const writeCeiling = (opened = await WriteCeiling.open(mongoUrl));
    const [seller, buyer] = await signedUp(baseUrl, 2);
    for (let i = 0; i < 60; i++) await seller!.sellTicket();
    const sample = await seller!.sellTicket();

    // First, while nothing else is going on: later scenarios leave events still being worked through.
    log(`event propagation, one ticket at a time (${PROPAGATION_SAMPLES} tickets)…`);
    const idlePropagationMs: number[] = [];
    for (let i = 0; i < PROPAGATION_SAMPLES; i++) {
      const ticket = await seller!.sellTicket();
      idlePropagationMs.push((await buyer!.orderWhenAvailable(ticket.id)).waitedMs);
    }
    const idlePropagationRow = latencyRow(
      'event propagation, one at a time (ticket created -> orderable)',
      idlePropagationMs,
    );

    log('measuring the bare Express baseline…');
    const baselineRow = summarise('bare Express (baseline)', await run({ url: baseline.url }));
    rows.push(baselineRow);
    log('the cost of metrics and tracing, on a bare route…');
    rows.push(
      ...(await observabilityRows({ connections: CONNECTIONS, duration: DURATION_SECONDS }, log)),
    );

    // The same hops as every API call (gateway, Express, session) without a database: the most any
    // endpoint can reach on this machine.
    log('GET /api/users/currentuser…');
    rows.push(
      summarise(
        'GET /api/users/currentuser (no database: the ceiling)',
        await metered('GET /api/users/currentuser', () =>
          run({ url: `${baseUrl}/api/users/currentuser`, headers: seller!.sessionHeaders() }),
        ),
      ),
    );
    const reads = ticketReads(sample.id);
    log('GET /api/tickets, then its query alone…');
    await read(
      [
        summarise(
          'GET /api/tickets',
          await metered('GET /api/tickets', () => run({ url: `${baseUrl}/api/tickets` })),
        ),
      ],
      reads.page,
    );
    log('GET /api/tickets/:id, through the gateway and straight to tickets, then its query alone…');
    const byIdRows = [
      summarise(
        'GET /api/tickets/:id',
        await metered('GET /api/tickets/:id', () =>
          run({ url: `${baseUrl}/api/tickets/${sample.id}` }),
        ),
      ),
    ];
    // What the local gateway costs (a Node proxy on the same two cores; in the cluster the
    // gateway runs elsewhere): the same request sent to the tickets service itself.
    if (platform) {
      const direct = `${platform.serviceUrls.tickets}/api/tickets/${sample.id}`;
      byIdRows.push(
        summarise(
          'GET /api/tickets/:id, straight to tickets (no gateway)',
          await metered('GET /api/tickets/:id, no gateway', () => run({ url: direct })),
        ),
      );
    }
    await read(byIdRows, reads.byId);
    log('POST /api/tickets, then its writes alone…');
    const createRow = summarise(
      'POST /api/tickets',
      await metered('POST /api/tickets', () =>
        run({
          url: `${baseUrl}/api/tickets`,
          amount: TICKET_WRITES,
          method: 'POST',
          headers: { 'content-type': 'application/json', ...seller!.sessionHeaders() },
          body: JSON.stringify({ title: 'Benchmark gig', price: 19.99 }),
        }),
      ),
    );
    const createCeiling = await metered('POST /api/tickets, ceiling', () =>
      writeCeiling.ticketBurst(TICKET_WRITES, CONNECTIONS),
    );
    const createCeilingRate = Math.round((TICKET_WRITES / createCeiling.ms) * 1000);
    createRow.ratioToCeiling = ratio(createRow.requestsPerSecond, createCeilingRate);
    rows.push(createRow, {
      name: 'POST /api/tickets: the writes of its tickets alone (and of their copies), by the MongoDB driver (its ceiling)',
      requestsPerSecond: createCeilingRate,
      p50Ms: createCeiling.p50Ms,
      p99Ms: createCeiling.p99Ms,
      errors: 0,
    });

    log(
      `a burst of ${BURST_TICKETS} new tickets, ${BURST_AT_ONCE} at a time, until orders knows them all…`,
    );
    const burstStarted = Date.now();
    const burst = await metered('burst', async () => {
      const created: string[] = [];
      for (let i = 0; i < BURST_TICKETS; i += BURST_AT_ONCE) {
        const batch = await Promise.all(
          Array.from({ length: Math.min(BURST_AT_ONCE, BURST_TICKETS - i) }, () =>
            seller!.sellTicket(),
          ),
        );
        created.push(...batch.map((t) => t.id));
      }
      const createdMs = Date.now() - burstStarted;
      await waitForOrdersToKnow(mongoUrl, created, 600_000);
      return { created, createdMs, orderableMs: Date.now() - burstStarted };
    });
    log(`  created in ${burst.createdMs} ms, all orderable after ${burst.orderableMs} ms`);
    log('  the same writes alone…');
    const burstCeiling = await metered('burst, ceiling', () =>
      writeCeiling.ticketBurst(BURST_TICKETS, BURST_AT_ONCE),
    );
    log(`  ${burstCeiling.ms} ms`);
    rows.push(
      {
        name: `${BURST_TICKETS} new tickets (${BURST_AT_ONCE} at a time): created, then all orderable (ms)`,
        requestsPerSecond: 0,
        // The database alone's time as a share of the platform's: 100 % would add nothing to it.
        ratioToCeiling: ratio(burstCeiling.ms, burst.orderableMs),
        p50Ms: burst.createdMs,
        p99Ms: burst.orderableMs,
        errors: 0,
      },
      {
        name: `${BURST_TICKETS} new tickets: their writes alone (and their copies'), by the MongoDB driver (ms; its ceiling)`,
        requestsPerSecond: 0,
        p50Ms: burstCeiling.ms,
        p99Ms: burstCeiling.ms,
        errors: 0,
      },
    );

    log(`POST /api/orders (${ORDER_REQUESTS} fresh tickets), then their writes alone…`);
    const tickets: string[] = burst.created.slice(0, ORDER_REQUESTS);
    for (let i = tickets.length; i < ORDER_REQUESTS; i += 50) {
      const batch = await Promise.all(Array.from({ length: 50 }, () => seller!.sellTicket()));
      tickets.push(...batch.map((t) => t.id));
    }
    await waitForOrdersToKnow(mongoUrl, tickets, 600_000);
    let next = 0;
    const orderRow = summarise(
      'POST /api/orders',
      await metered('POST /api/orders', () =>
        autocannon({
          url: `${baseUrl}/api/orders`,
          connections: CONNECTIONS,
          amount: tickets.length,
          method: 'POST',
          headers: { 'content-type': 'application/json', ...buyer!.sessionHeaders() },
          requests: [
            {
              setupRequest: (req) => ({
                ...req,
                body: JSON.stringify({ ticketId: tickets[next++] }),
              }),
            },
          ],
        }),
      ),
    );
    const ordersCeiling = await metered('POST /api/orders, ceiling', () =>
      writeCeiling.orders(
        burstCeiling.ticketIds.slice(0, ORDER_REQUESTS),
        CONNECTIONS,
        'POST /api/orders: the writes and reads of its orders alone (and of their copies), by the MongoDB driver (its ceiling)',
      ),
    );
    orderRow.ratioToCeiling = ratio(orderRow.requestsPerSecond, ordersCeiling.requestsPerSecond);
    rows.push(orderRow, ordersCeiling);

    // Let the events of those orders be worked through first, so the flow measures itself: once
    // payments knows an order placed after them, it has handled theirs (a consumer's events arrive in
    // order). An unusable card makes the payment a 400 instead of a charge.
    log('waiting for the services to work through the orders’ events…');
    const lastTicket = await seller!.sellTicket();
    const { order: lastOrder } = await buyer!.orderWhenAvailable(lastTicket.id, 600_000);
    await buyer!.payWhenKnown(lastOrder.id, 'tok_unusable', 600_000);

    // How long after each change the service that waits for it had applied it, read from that
    // service's own metrics: orders for the new tickets, payments for the new orders.
    const watched = platform
      ? (
          [
            ['orders', 'ticket.created'],
            ['payments', 'order.created'],
          ] as const
        ).map(([service, subject]) => ({
          service,
          subject,
          metricsUrl: `${platform.serviceUrls[service]}/metrics`,
        }))
      : [];
    const appliedBefore = await Promise.all(
      watched.map((w) => propagationBuckets(w.metricsUrl, w.subject)),
    );
    log(`full purchase flow (${FLOWS} flows, ${CONNECTIONS} at a time)…`);
    const flowMs: number[] = [];
    const propagationMs: number[] = [];
    const flowErrors = new Map<string, number>();
    const stepMs = new Map<string, number[]>();
    const flowStarted = Date.now();
    let remaining = FLOWS;
    meter.begin();
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        // Virtual users wait for events with back-off, as the site's pages do.
        const [flowSeller, flowBuyer] = await signedUp(baseUrl, 2, { pollDelayMs: backingOff });
        while (remaining-- > 0) {
          const started = Date.now();
          let stepStarted = started;
          const step = (name: string) => {
            stepMs
              .set(name, stepMs.get(name) ?? [])
              .get(name)!
              .push(Date.now() - stepStarted);
            stepStarted = Date.now();
          };
          try {
            const ticket = await flowSeller!.sellTicket();
            step('sell');
            const { order, waitedMs } = await flowBuyer!.orderWhenAvailable(ticket.id);
            propagationMs.push(waitedMs);
            step('order');
            const paid = await flowBuyer!.payWhenKnown(order.id, 'tok_visa');
            if (paid.status !== 201)
              throw new Error(`payment answered ${paid.status} ${JSON.stringify(paid.body)}`);
            step('pay');
            await flowBuyer!.waitForOrderStatus(order.id, 'complete');
            step('see it complete');
            flowMs.push(Date.now() - started);
          } catch (err) {
            const message = err instanceof Error ? err.message : String(err);
            flowErrors.set(message, (flowErrors.get(message) ?? 0) + 1);
          }
        }
      }),
    );
    cpu['purchase flow'] = meter.end();
    log(`  CPU, % of one core: ${describeUsage(cpu['purchase flow'])}`);
    rows.push(
      latencyRow('purchase flow (sell, order, pay, complete)', flowMs, {
        requestsPerSecond:
          Math.round((flowMs.length / (Date.now() - flowStarted)) * 1000 * 10) / 10,
        errors: [...flowErrors.values()].reduce((a, b) => a + b, 0),
      }),
    );
    for (const [message, count] of flowErrors) log(`  flow error ×${count}: ${message}`);
    for (const [name, ms] of stepMs)
      log(`  flow step "${name}": p50 ${percentile(ms, 50)} ms, p99 ${percentile(ms, 99)} ms`);
    rows.push(idlePropagationRow);
    for (const [i, { service, subject, metricsUrl }] of watched.entries()) {
      const applied = propagationBetween(
        appliedBefore[i]!,
        await propagationBuckets(metricsUrl, subject),
      );
      if (applied.events === 0) continue;
      log(
        `  ${service} applied ${applied.events} ${subject} during the flow: ${Math.round(applied.shareWithin(100) * 100)} % within 100 ms, ${Math.round(applied.shareWithin(250) * 100)} % within 250 ms`,
      );
      rows.push({
        name: `event propagation during the flow, as ${service} applied it (${applied.events} ${subject}; histogram bucket bounds)`,
        requestsPerSecond: 0,
        p50Ms: applied.p50Ms,
        p99Ms: applied.p99Ms,
        errors: 0,
      });
    }

    let idle: ProcessUsage[] | undefined;
    if (platform) {
      // What the platform costs doing nothing, its collections as the run left them: timers only.
      log(
        `the idle platform for ${IDLE_SECONDS} s, beside a process that only wakes every 100 ms…`,
      );
      const yardstick = fork(path.join(__dirname, 'idle-yardstick.js'), { stdio: 'ignore' });
      try {
        await once(yardstick, 'message');
        meter.begin();
        await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
        idle = meter.end();
      } finally {
        yardstick.kill();
      }
      log(`  CPU, % of one core: ${describeUsage(idle)}`);
    }

    for (const row of rows) {
      // The observability rows carry their own ratio, to the bare route of their own rounds.
      if (row.requestsPerSecond > 0 && row.ratioToBaseline === undefined) {
        row.ratioToBaseline =
          Math.round((row.requestsPerSecond / baselineRow.requestsPerSecond) * 1000) / 10;
      }
    }
    writeResults(rows, 'latest', { cpu, idle, idleSeconds: IDLE_SECONDS });
  } catch (err) {
    // What was measured before a scenario failed is still worth keeping (a busy machine can fail one).
    log(`a scenario failed; keeping the ${rows.length} rows measured before it`);
    writeResults(rows, 'latest', { cpu, idle: undefined, idleSeconds: IDLE_SECONDS });
    throw err;
  } finally {
    await opened?.close();
    await baseline.stop();
    await platform?.stop();
  }
}

interface ProcessReport {
  /** Per scenario, where the CPU went. */
  cpu: Record<string, ProcessUsage[]>;
  /** The platform doing nothing after the run: CPU over `idleSeconds`, and memory at its end. */
  idle: ProcessUsage[] | undefined;
  idleSeconds: number;
}

function processTables({ cpu, idle, idleSeconds }: ProcessReport): string[] {
  const platformIdle = (idle ?? []).filter((u) => u.name !== IDLE_YARDSTICK);
  const names = [...new Set(Object.values(cpu).flatMap((usage) => usage.map((u) => u.name)))];
  const cell = (usage: ProcessUsage[] | undefined, name: string) =>
    usage?.find((u) => u.name === name)?.cpuPercentOfCore ?? '—';
  return [
    '',
    'Where the CPU went, per scenario (% of one core; the machine has two):',
    '',
    `| scenario | ${names.join(' | ')} |`,
    `|---|${names.map(() => '---:').join('|')}|`,
    ...Object.entries(cpu).map(
      ([scenario, usage]) => `| ${scenario} | ${names.map((n) => cell(usage, n)).join(' | ')} |`,
    ),
    ...(idle
      ? [
          '',
          `The idle platform over ${idleSeconds} s after the run (CPU, % of one core) and each process's memory at its end:`,
          '',
          '| process | CPU % | RSS MB |',
          '|---|---:|---:|',
          ...idle.map((u) => `| ${u.name} | ${u.cpuPercentOfCore} | ${u.rssMb} |`),
          `| all but the yardstick | ${Math.round(platformIdle.reduce((sum, u) => sum + u.cpuPercentOfCore, 0) * 10) / 10} | ${platformIdle.reduce((sum, u) => sum + u.rssMb, 0)} |`,
        ]
      : []),
  ];
}

function writeResults(rows: Row[], name = 'latest', processes?: ProcessReport) {
  const dir = RESULTS_DIR;
  const meta = {
    date: new Date().toISOString(),
    connections: CONNECTIONS,
    durationSeconds: DURATION_SECONDS,
    node: process.version,
  };
  writeFileSync(
    path.join(dir, `${name}.json`),
    JSON.stringify({ ...meta, rows, ...processes }, null, 2),
  );
  const table = [
    `Benchmark of ${meta.date} (${CONNECTIONS} connections, ${DURATION_SECONDS} s per endpoint, Node ${meta.node})`,
    '',
    '| scenario | req/s | % of bare Express | % of its database ceiling | p50 ms | p99 ms | errors |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.name} | ${r.requestsPerSecond || '—'} | ${r.ratioToBaseline === undefined ? '—' : `${r.ratioToBaseline}%`} | ${r.ratioToCeiling === undefined ? '—' : `${r.ratioToCeiling}%`} | ${r.p50Ms} | ${r.p99Ms} | ${r.errors} |`,
    ),
    ...(processes ? processTables(processes) : []),
  ].join('\n');
  writeFileSync(path.join(dir, `${name}.md`), `${table}\n`);
  process.stdout.write(`\n${table}\n`);
}

const only: Record<string, () => Promise<void>> = {
  observability: observabilityOnly,
  catalog: benchCatalog,
};
(only[process.argv[2] ?? ''] ?? main)().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
