import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { startStan } from '@ticketing/local-servers';
import { Subjects } from '../events/catalogue';
import { createEnvelope } from '../events/envelope';
import { metricsFor } from '../metrics/service-metrics';
import { waitFor } from '../testing/wait-for';
import { durableName } from './consumer-backlog';
import { connectEventBus, type EventBusConfig } from './create-event-bus';
import type { EventBus } from './event-bus';
import { logger, RecordingListener, ticketData, uniqueServiceName } from './test/bus-fixtures';

/** What the STAN client lets the server send ahead of the acks (node-nats-streaming's default). */
const MAX_IN_FLIGHT = 16_384;

type Stan = Awaited<ReturnType<typeof startStan>>;

const stanConfig = (stan: Stan, overrides: Partial<EventBusConfig> = {}): EventBusConfig => ({
  EVENT_BUS: 'stan',
  NATS_URL: stan.url,
  NATS_CLUSTER_ID: stan.clusterId,
  STAN_MONITOR_URL: stan.monitorUrl,
  // Long enough that nothing held by the test is redelivered while it waits.
  EVENT_ACK_WAIT_MS: 120_000,
  EVENT_MAX_DELIVERIES: 3,
  EVENT_RETRY_DELAY_MS: 50,
  ...overrides,
});

/** The service's `ticketing_consumer_pending_messages` series, by consumer label. */
async function pendingOf(service: string): Promise<Map<string, number>> {
  const exposition = await metricsFor(service).registry.metrics();
  const series = new Map<string, number>();
  for (const line of exposition.split('\n')) {
    const match = /^ticketing_consumer_pending_messages\{.*consumer="([^"]+)".*\} (\S+)$/.exec(
      line,
    );
    if (match) series.set(match[1]!, Number(match[2]));
  }
  return series;
}

describe('NATS Streaming consumer backlog', () => {
  let stan: Stan;
  beforeAll(async () => {
    stan = await startStan({ monitorPort: 0 });
  });
  afterAll(() => stan?.stop());

  it('when a listener falls behind, then its queue group backlog is reported by consumer; once it has caught up, 0; once the bus closes, no longer', async () => {
    const service = uniqueServiceName();
    const consumer = durableName(service, Subjects.TicketCreated);
    const publisher = await connectEventBus(stanConfig(stan), uniqueServiceName(), logger);
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const consumerBus = await connectEventBus(stanConfig(stan), service, logger);
    const beyondInFlight = 150;
    try {
      // The handler holds every delivery: the server sends the first MAX_IN_FLIGHT and keeps the rest.
      await consumerBus.listen(new RecordingListener(() => held));
      await publishMany(publisher, MAX_IN_FLIGHT + beyondInFlight);

      // The server sends as fast as the client takes: the backlog settles once it has sent what it may.
      const backlog = await waitFor(
        async () => {
          const value = (await pendingOf(service)).get(consumer);
          return value === beyondInFlight && value;
        },
        { timeoutMs: 30_000, intervalMs: 200, what: `a backlog of ${beyondInFlight}` },
      );
      expect(backlog).toBe(beyondInFlight);

      release();
      await waitFor(async () => (await pendingOf(service)).get(consumer) === 0, {
        timeoutMs: 60_000,
        intervalMs: 200,
        what: 'the backlog to be 0',
      });
      await consumerBus.close();
      expect((await pendingOf(service)).has(consumer)).toBe(false);
    } finally {
      release();
      await consumerBus.close();
      await publisher.close();
    }
  }, 120_000);

  it('when the monitoring endpoint does not answer in time, then the scrape succeeds without the gauge and a debug line says why', async () => {
    const silent = await listenSilently();
    const lines: Record<string, unknown>[] = [];
    const captured = pino(
      { level: 'debug' },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
          done();
        },
      }),
    );
    const service = uniqueServiceName();
    const bus = await connectEventBus(
      stanConfig(stan, { STAN_MONITOR_URL: silent.url }),
      service,
      captured,
    );
    try {
      await bus.listen(new RecordingListener());

      const started = Date.now();
      const exposition = await metricsFor(service).registry.metrics();

      expect(Date.now() - started).toBeLessThan(5_000);
      expect(exposition).toContain('# TYPE ticketing_consumer_pending_messages gauge');
      expect(exposition).not.toMatch(/^ticketing_consumer_pending_messages\{/m);
      expect(lines).toContainEqual(
        expect.objectContaining({
          level: 20,
          subject: Subjects.TicketCreated,
          msg: 'could not read the backlog from NATS Streaming',
        }),
      );
    } finally {
      await bus.close();
      silent.server.closeAllConnections();
      await new Promise((resolve) => silent.server.close(resolve));
    }
  });

  it('when no monitoring endpoint is configured, then no backlog is reported', async () => {
    const service = uniqueServiceName();
    const bus = await connectEventBus(
      stanConfig(stan, { STAN_MONITOR_URL: undefined }),
      service,
      logger,
    );
    try {
      await bus.listen(new RecordingListener());

      expect(await pendingOf(service)).toEqual(new Map());
    } finally {
      await bus.close();
    }
  });
});

/** Publishes `count` ticket.created events, a few hundred awaited at a time. */
async function publishMany(bus: EventBus, count: number): Promise<void> {
  for (let sent = 0; sent < count; sent += 500) {
    const batch = Math.min(500, count - sent);
    await Promise.all(
      Array.from({ length: batch }, () =>
        bus.publish(createEnvelope(Subjects.TicketCreated, ticketData())),
      ),
    );
  }
}

/** An HTTP server that accepts requests and never answers them. */
async function listenSilently(): Promise<{ url: string; server: Server }> {
  const server = createServer(() => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}
