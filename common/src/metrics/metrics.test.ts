import express, { Router } from 'express';
import mongoose, { Schema, type Connection, type Model } from 'mongoose';
import request from 'supertest';
import { handleDelivery } from '../bus/delivery';
import { durableName } from '../bus/jetstream-bus';
import { IGNORED, Listener, type Ignored } from '../bus/listener';
import {
  connectBus,
  RecordingListener,
  logger,
  ticketData,
  uniqueServiceName,
} from '../bus/test/bus-fixtures';
import { Subjects } from '../events/catalogue';
import { createEnvelope, encodeEnvelope } from '../events/envelope';
import { listen, type HttpServer } from '../lifecycle/http-server';
import {
  outboxPlugin,
  type OutboxFields,
  type OutboxMethods,
  type OutboxModel,
} from '../outbox/outbox';
import { OutboxRelay } from '../outbox/outbox-relay';
import { uniqueDatabaseUri } from '../testing/database';
import { InMemoryEventBus } from '../testing/in-memory-bus';
import { seriesOf } from '../testing/metrics-exposition';
import { waitFor } from '../testing/wait-for';
import { withMetrics, UNMATCHED_ROUTE } from './http-metrics';
import { metricsFor, ServiceMetrics } from './service-metrics';

describe('HTTP metrics', () => {
  let server: HttpServer;
  let metrics: ServiceMetrics;
  beforeAll(async () => {
    metrics = new ServiceMetrics('gadgets');
    const things = Router();
    things.get('/:id', (req, res) => {
      res.json({ id: req.params.id });
    });
    things.get('/:id/broken', () => {
      throw new Error('broken');
    });
    const app = express();
    app.use('/api/things', things);
    app.use((req, res) => res.status(404).json({ errors: [{ message: 'Not found' }] }));
    app.use(
      (
        _err: unknown,
        _req: express.Request,
        res: express.Response,
        _next: express.NextFunction,
      ) => {
        res.status(500).json({ errors: [{ message: 'Something went wrong' }] });
      },
    );
    server = await listen(withMetrics(metrics, app), 0, '127.0.0.1');
  });
  afterAll(() => server.close());

  it('when requests are answered, then /metrics counts them by method, route template and status, never by raw path', async () => {
    const api = request(`http://127.0.0.1:${server.port}`);
    await api.get('/api/things/1').expect(200);
    await api.get('/api/things/2').expect(200);
    await api.get('/api/things/3/broken').expect(500);
    await api.get('/no/such/path/42').expect(404);

    const scrape = await api.get('/metrics').expect(200);

    expect(scrape.headers['content-type']).toMatch(/^text\/plain/);
    const counts = seriesOf(scrape.text, 'http_server_request_duration_seconds_count');
    expect(Object.fromEntries(counts)).toEqual({
      '{http_request_method="GET",http_response_status_code="200",http_route="/api/things/:id",service="gadgets"}': 2,
      '{http_request_method="GET",http_response_status_code="500",http_route="/api/things/:id/broken",service="gadgets"}': 1,
      [`{http_request_method="GET",http_response_status_code="404",http_route="${UNMATCHED_ROUTE}",service="gadgets"}`]: 1,
    });
    expect(scrape.text).not.toMatch(/things\/[0-9]/);
  });

  it("when /metrics is scraped, then Node's process metrics are in it, labelled with the service", async () => {
    const scrape = await request(`http://127.0.0.1:${server.port}`).get('/metrics').expect(200);

    for (const name of [
      'nodejs_eventloop_lag_seconds',
      'nodejs_heap_size_used_bytes',
      'process_cpu_seconds_total',
    ]) {
      expect(seriesOf(scrape.text, name).get('{service="gadgets"}')).toEqual(expect.any(Number));
    }
    expect(scrape.text).toContain('# TYPE nodejs_gc_duration_seconds histogram');
  });
});

describe('gauges read at scrape time', () => {
  it('when one reader fails, then the other readers still report and the failing one is left out', async () => {
    const metrics = new ServiceMetrics('gauged');
    metrics.gaugeReadAtScrape('gauged_things', 'things', ['kind'], async () => [
      { labels: { kind: 'a' }, value: 3 },
    ]);
    const remove = metrics.gaugeReadAtScrape('gauged_things', 'things', ['kind'], async () => {
      throw new Error('down');
    });

    const first = seriesOf(await metrics.registry.metrics(), 'gauged_things');
    remove();

    expect(Object.fromEntries(first)).toEqual({ '{kind="a",service="gauged"}': 3 });
  });
});

describe('event metrics', () => {
  const policy = { ackWaitMs: 1_000, maxDeliveries: 2, retryDelayMs: 10 };
  const bytes = () => encodeEnvelope(createEnvelope(Subjects.TicketCreated, ticketData()));

  it('when deliveries are acked, ignored, retried and dead-lettered, then each outcome is counted by subject and the handler timed', async () => {
    const failing = new RecordingListener(async () => {
      throw new Error('down');
    });
    const ignoring = new (class extends Listener<typeof Subjects.TicketCreated> {
      readonly subject = Subjects.TicketCreated;
      async onMessage(): Promise<Ignored> {
        return IGNORED;
      }
    })();

    await handleDelivery(new RecordingListener(), bytes(), 1, 'consumer-a', policy, logger);
    await handleDelivery(failing, bytes(), 1, 'consumer-a', policy, logger);
    await handleDelivery(failing, bytes(), 2, 'consumer-a', policy, logger);
    await handleDelivery(ignoring, bytes(), 1, 'consumer-a', policy, logger);
    await handleDelivery(
      new RecordingListener(),
      Buffer.from('{'),
      1,
      'consumer-a',
      policy,
      logger,
    );

    const exposition = await metricsFor('consumer-a').registry.metrics();
    expect(Object.fromEntries(seriesOf(exposition, 'ticketing_events_consumed_total'))).toEqual({
      '{outcome="ack",service="consumer-a",subject="ticket.created"}': 1,
      '{outcome="retry",service="consumer-a",subject="ticket.created"}': 1,
      '{outcome="deadletter",service="consumer-a",subject="ticket.created"}': 2,
      '{outcome="ignored",service="consumer-a",subject="ticket.created"}': 1,
    });
    expect(
      seriesOf(exposition, 'ticketing_event_handler_duration_seconds_count').get(
        '{service="consumer-a",subject="ticket.created"}',
      ),
    ).toBe(5);
    expect(
      seriesOf(exposition, 'ticketing_event_propagation_seconds_count').get(
        '{service="consumer-a",subject="ticket.created"}',
      ),
    ).toBe(1);
  });

  it('when an event is applied, then the time since its change was committed is observed', async () => {
    const committedAt = new Date(Date.now() - 300);
    const envelope = { ...createEnvelope(Subjects.TicketCreated, ticketData()) };
    envelope.occurredAt = committedAt.toISOString();

    await handleDelivery(
      new RecordingListener(),
      encodeEnvelope(envelope),
      1,
      'consumer-b',
      policy,
      logger,
    );

    const exposition = await metricsFor('consumer-b').registry.metrics();
    const buckets = seriesOf(exposition, 'ticketing_event_propagation_seconds_bucket');
    const series = (le: string) =>
      buckets.get(`{le="${le}",service="consumer-b",subject="ticket.created"}`);
    expect(series('0.25')).toBe(0);
    expect(series('0.5')).toBe(1);
  });
});

describe('consumer metrics', () => {
  it('when a JetStream consumer falls behind, then its backlog is reported by consumer; once the bus closes, no longer', async () => {
    const service = uniqueServiceName();
    const publisher = await connectBus('jetstream');
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const consumerBus = await connectBus('jetstream', {}, service);
    try {
      // The handler holds every delivery: 16 are handled at once, 32 taken in hand, and the client's
      // buffer (100, refilled by half) holds the rest it pulled, so far fewer than 300 leave the server.
      await consumerBus.listen(new RecordingListener(() => held));
      for (let i = 0; i < 300; i += 1) {
        await publisher.publish(createEnvelope(Subjects.TicketCreated, ticketData()));
      }
      const pending = async () =>
        seriesOf(
          await metricsFor(service).registry.metrics(),
          'ticketing_consumer_pending_messages',
        );

      const backlog = await waitFor(async () => {
        const value = (await pending()).get(
          `{consumer="${durableName(service, Subjects.TicketCreated)}",service="${service}"}`,
        );
        return value !== undefined && value >= 20 ? value : undefined;
      });

      expect(backlog).toBeGreaterThanOrEqual(20);
      release();
      await consumerBus.close();
      expect((await pending()).size).toBe(0);
    } finally {
      release();
      await consumerBus.close();
      await publisher.close();
    }
  });
});

interface Gadget extends OutboxFields {
  title: string;
}
type GadgetModel = Model<Gadget, object, OutboxMethods>;
const gadgetSchema = new Schema<Gadget, GadgetModel, OutboxMethods>({ title: String });
gadgetSchema.plugin(outboxPlugin);

describe('outbox metrics', () => {
  let connection: Connection;
  beforeAll(async () => {
    connection = await mongoose.createConnection(uniqueDatabaseUri('outbox-metrics')).asPromise();
  });
  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('when events wait in outboxes, then the pending count and the oldest age are reported; once published, both are 0', async () => {
    const Gadgets = connection.model<Gadget, GadgetModel>('Gadget', gadgetSchema);
    const bus = new InMemoryEventBus();
    bus.failPublishes = true;
    const relay = new OutboxRelay({
      bus,
      models: [Gadgets as unknown as OutboxModel],
      logger,
      pollIntervalMs: 60_000,
    });
    const old = new Gadgets({ title: 'old' });
    old.recordEvent(Subjects.TicketCreated, ticketData());
    old.outbox[0]!.occurredAt = new Date(Date.now() - 45_000).toISOString();
    await old.save();
    const recent = new Gadgets({ title: 'recent' });
    recent.recordEvent(Subjects.TicketCreated, ticketData());
    await recent.save();
    relay.start();
    const metrics = metricsFor(bus.serviceName);

    try {
      const waiting = await metrics.registry.metrics();
      const service = `{service="${bus.serviceName}"}`;
      expect(seriesOf(waiting, 'ticketing_outbox_pending_events').get(service)).toBe(2);
      const age = seriesOf(waiting, 'ticketing_outbox_oldest_pending_age_seconds').get(service);
      expect(age).toBeGreaterThanOrEqual(45);
      expect(age).toBeLessThan(90);

      bus.failPublishes = false;
      await relay.flush();

      const drained = await metrics.registry.metrics();
      expect(seriesOf(drained, 'ticketing_outbox_pending_events').get(service)).toBe(0);
      expect(seriesOf(drained, 'ticketing_outbox_oldest_pending_age_seconds').get(service)).toBe(0);
      expect(
        seriesOf(drained, 'ticketing_events_published_total').get(
          `{service="${bus.serviceName}",subject="ticket.created"}`,
        ),
      ).toBe(2);
    } finally {
      await relay.stop();
    }
  });
});
