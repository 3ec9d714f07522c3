import { connect as connectNats, type Msg } from '@nats-io/transport-node';
import { trace } from '@opentelemetry/api';
import mongoose, { Schema, type Model } from 'mongoose';
import { NodeSDK, tracing } from '@opentelemetry/sdk-node';
import { Subjects } from '../events/catalogue';
import { createEnvelope } from '../events/envelope';
import type { EventBus } from '../bus/event-bus';
import {
  busConfig,
  connectBus,
  logger,
  RecordingListener,
  ticketData,
  type Driver,
} from '../bus/test/bus-fixtures';
import {
  outboxPlugin,
  type OutboxFields,
  type OutboxMethods,
  type OutboxModel,
} from '../outbox/outbox';
import { OutboxRelay } from '../outbox/outbox-relay';
import { uniqueDatabaseUri } from '../testing/database';
import { waitFor } from '../testing/wait-for';
import {
  activeTraceCarrier,
  traceJob,
  traceLogFields,
  untraced,
  type TraceCarrier,
} from './trace-context';

// The real SDK, exporting to memory instead of over OTLP.
const exporter = new tracing.InMemorySpanExporter();
const sdk = new NodeSDK({
  serviceName: 'tracing-test',
  spanProcessors: [new tracing.SimpleSpanProcessor(exporter)],
  instrumentations: [],
  metricReaders: [],
  logRecordProcessors: [],
});
beforeAll(() => sdk.start());
afterAll(() => sdk.shutdown());

const spanNamed = (name: string, traceId: string) =>
  exporter
    .getFinishedSpans()
    .find((span) => span.name === name && span.spanContext().traceId === traceId);

describe.each<Driver>(['jetstream', 'stan'])('a trace across the %s bus', (driver) => {
  let bus: EventBus;
  beforeEach(async () => (bus = await connectBus(driver)));
  afterEach(() => bus.close());

  it('when an event recorded in a request is published later and handled, then the handler runs in a consumer span, child of the producer span, child of the request', async () => {
    // The stream holds other suites' events too: what the handler saw, by event id.
    const inHandler = new Map<
      string,
      { log: ReturnType<typeof traceLogFields>; carrier: TraceCarrier }
    >();
    const listener = new RecordingListener(async (_data, event) => {
      inHandler.set(event.id, { log: traceLogFields(), carrier: event });
    });
    await bus.listen(listener);
    const envelope = trace.getTracer('test').startActiveSpan('POST /api/orders', (span) => {
      const recorded = createEnvelope(Subjects.TicketCreated, ticketData());
      span.end();
      return { recorded, span };
    });
    const { traceId, spanId: requestSpanId } = envelope.span.spanContext();
    expect(envelope.recorded.traceparent).toBe(`00-${traceId}-${requestSpanId}-01`);

    // The relay publishes outside any request.
    await untraced(() => bus.publish(envelope.recorded));
    const processed = await waitFor(() => spanNamed('process ticket.created', traceId), {
      what: 'the consumer span',
    });
    const published = spanNamed('publish ticket.created', traceId)!;

    expect(published.parentSpanContext?.spanId).toBe(requestSpanId);
    expect(processed.parentSpanContext?.spanId).toBe(published.spanContext().spanId);
    expect(processed.attributes).toMatchObject({
      'messaging.destination.name': 'ticket.created',
      'messaging.message.id': envelope.recorded.id,
      'messaging.consumer.group.name': bus.serviceName,
    });
    expect(inHandler.get(envelope.recorded.id)!.log).toEqual({
      trace_id: traceId,
      span_id: processed.spanContext().spanId,
    });
    if (driver === 'stan') {
      // No headers: the envelope itself carries the producer span's context.
      expect(inHandler.get(envelope.recorded.id)!.carrier?.traceparent).toContain(
        published.spanContext().spanId,
      );
    }
  });
});

describe('the jetstream message', () => {
  it('when an event is published in a trace, then its NATS headers carry the traceparent of the producer span', async () => {
    const bus = await connectBus('jetstream');
    const nc = await connectNats({ servers: busConfig('jetstream').NATS_URL });
    try {
      const envelope = trace
        .getTracer('test')
        .startActiveSpan(
          'request',
          (span) => (span.end(), createEnvelope(Subjects.TicketCreated, ticketData())),
        );
      const received: Msg[] = [];
      // Other suites publish here too, garbage included: keep only this test's event.
      nc.subscribe(Subjects.TicketCreated, {
        callback: (_err, msg) => {
          if (msg.string().includes(envelope.id)) received.push(msg);
        },
      });
      await nc.flush();
      await bus.publish(envelope);
      const [msg] = await waitFor(() => received.length > 0 && received);
      const traceId = envelope.traceparent!.split('-')[1]!;
      const published = spanNamed('publish ticket.created', traceId)!;
      expect(msg!.headers?.get('traceparent')).toBe(
        `00-${traceId}-${published.spanContext().spanId}-01`,
      );
    } finally {
      await Promise.all([bus.close(), nc.close()]);
    }
  });

  it('when nothing is traced, then an event carries no trace context', () => {
    expect(untraced(activeTraceCarrier)).toEqual({});
    expect(untraced(() => createEnvelope(Subjects.TicketCreated, ticketData()))).not.toHaveProperty(
      'traceparent',
    );
  });
});

describe('the outbox', () => {
  const gadgetSchema = new Schema<
    OutboxFields,
    Model<OutboxFields, object, OutboxMethods>,
    OutboxMethods
  >({});
  gadgetSchema.plugin(outboxPlugin);

  it('when a change is saved with its event in a traced request, then the outbox keeps its trace, the relay publishes in it and the outbox is emptied', async () => {
    const connection = await mongoose.createConnection(uniqueDatabaseUri('tracing')).asPromise();
    const bus = await connectBus('jetstream');
    const Gadgets = connection.model('Gadget', gadgetSchema);
    const relay = new OutboxRelay({
      bus,
      models: [Gadgets as unknown as OutboxModel],
      logger,
      pollIntervalMs: 60_000,
    });
    try {
      const { gadget, traceId, spanId } = await trace
        .getTracer('test')
        .startActiveSpan('PUT /api/tickets/:id', async (span) => {
          const saved = new Gadgets();
          saved.recordEvent(Subjects.TicketCreated, ticketData());
          await saved.save();
          relay.nudge(saved);
          span.end();
          return { gadget: saved, ...span.spanContext() };
        });
      const stored = await Gadgets.findById(gadget._id).select('+outbox').lean<OutboxFields>();
      expect(stored!.outbox[0]!.traceparent).toBe(`00-${traceId}-${spanId}-01`);

      const published = await waitFor(() => spanNamed('publish ticket.created', traceId));
      expect(published.parentSpanContext?.spanId).toBe(spanId);
      await relay.flush();
      expect(
        (await Gadgets.findById(gadget._id).select('+outbox').lean<OutboxFields>())!.outbox,
      ).toEqual([]);
    } finally {
      await relay.stop();
      await bus.close();
      await connection.dropDatabase();
      await connection.close();
    }
  });
});

describe('a delayed job', () => {
  it('when a job scheduled in a trace runs later, then it runs in a consumer span, child of the span that scheduled it', async () => {
    const { carrier, traceId, spanId } = trace
      .getTracer('test')
      .startActiveSpan('process order.created', (span) => {
        span.end();
        return { carrier: activeTraceCarrier(), ...span.spanContext() };
      });

    const inJob = await untraced(() =>
      traceJob({ queue: 'order-expiration', id: 'order-1' }, carrier, async () => traceLogFields()),
    );

    const job = spanNamed('process order-expiration', traceId)!;
    expect(job.parentSpanContext?.spanId).toBe(spanId);
    expect(job.attributes).toMatchObject({
      'messaging.system': 'bull',
      'messaging.message.id': 'order-1',
    });
    expect(inJob).toEqual({ trace_id: traceId, span_id: job.spanContext().spanId });
  });

  it('when a job was saved without a trace, then it starts a trace of its own', async () => {
    const inJob = await untraced(() =>
      traceJob({ queue: 'order-expiration', id: 'order-2' }, {}, async () => traceLogFields()),
    );

    const job = spanNamed('process order-expiration', inJob.trace_id!)!;
    expect(job.parentSpanContext).toBeUndefined();
  });
});
