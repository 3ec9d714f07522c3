import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from '@ticketing/common/testing';
import { startPlatform, type Platform } from '../start-platform';
import { signedUp } from './support/shopper';

/** One span as the services exported it, with the service that made it. */
interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
}

const SERVER = 2;
const CLIENT = 3;
const CONSUMER = 5;
const EXPIRATION_WINDOW_SECONDS = 3;

type OtlpValue = { stringValue?: string; intValue?: string | number; boolValue?: boolean };
type OtlpAttribute = { key: string; value: OtlpValue };
const attributesOf = (list: OtlpAttribute[] = []) =>
  Object.fromEntries(list.map(({ key, value }) => [key, Object.values(value)[0]]));

/**
 * A minimal OTLP/HTTP trace receiver (the JSON encoding): what the services export arrives here as
 * it would at a collector. A real collector cannot be built here; this keeps only what the test reads.
 */
async function startOtlpReceiver(): Promise<{
  url: string;
  spans: ReceivedSpan[];
  server: Server;
}> {
  const spans: ReceivedSpan[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/traces') {
        res.writeHead(404).end();
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      for (const resourceSpans of body.resourceSpans ?? []) {
        const service = String(attributesOf(resourceSpans.resource?.attributes)['service.name']);
        for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
          for (const span of scopeSpans.spans ?? []) {
            spans.push({
              service,
              traceId: span.traceId,
              spanId: span.spanId,
              parentSpanId: span.parentSpanId ?? '',
              name: span.name,
              kind: span.kind,
              attributes: attributesOf(span.attributes),
            });
          }
        }
      }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, spans, server };
}

let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
let platform: Platform;
const logLines: { service: string; line: Record<string, unknown> }[] = [];

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  platform = await startPlatform({
    port: 0,
    env: {
      LOG_LEVEL: 'info',
      AUTH_RATE_LIMIT_MAX: '100000',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '100',
      // Short enough that an unpaid order's expiration is seen within a test.
      EXPIRATION_WINDOW_SECONDS: String(EXPIRATION_WINDOW_SECONDS),
    },
    log: (text) => {
      const [service, json] = text.split(' | ', 2);
      try {
        logLines.push({ service: service!.trim(), line: JSON.parse(json!) });
      } catch {
        // not a service's JSON log line (the runner's own messages)
      }
    },
  });
}, 120_000);
afterAll(async () => {
  await platform?.stop();
  await new Promise((resolve) => receiver?.server.close(resolve));
});

describe('a purchase, traced', () => {
  it('when a ticket is ordered, then one trace follows it from the HTTP call through the outbox, NATS and the listeners of four services, with its request id and trace id in the logs', async () => {
    const [seller, buyer] = await signedUp(platform.url, 2);
    const ticket = await seller!.sellTicket();
    const ordered = await waitFor(
      async () => {
        const res = await fetch(`${platform.url}/api/orders`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...buyer!.sessionHeaders() },
          body: JSON.stringify({ ticketId: ticket.id }),
        });
        // 404 while the orders service has not heard of the ticket yet.
        return res.status === 201 && res;
      },
      { timeoutMs: 30_000, what: 'the order to be accepted' },
    );
    const requestId = ordered.headers.get('x-request-id');
    expect(requestId).toBeTruthy();

    const orderCreated = await waitFor(
      () => receiver.spans.find((s) => s.name === 'publish order.created'),
      { timeoutMs: 30_000, what: 'the order.created producer span' },
    );
    const inTrace = () => receiver.spans.filter((s) => s.traceId === orderCreated.traceId);
    const named = (service: string, name: string) =>
      inTrace().find((s) => s.service === service && s.name === name);
    // Each service exports its spans in its own batches: wait for every one the assertions read.
    await waitFor(
      () =>
        inTrace().some((s) => !s.parentSpanId) &&
        named('tickets', 'publish ticket.updated') &&
        named('orders', 'process ticket.updated') &&
        ['tickets', 'payments', 'expiration'].every((service) =>
          named(service, 'process order.created'),
        ),
      {
        timeoutMs: 30_000,
        what: "the root span, the listeners of order.created, and the ticket.updated's publish and its process in orders, to export their spans",
      },
    );
    const spans = inTrace();
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const ancestors = (span: ReceivedSpan) => {
      const chain: ReceivedSpan[] = [];
      for (
        let s = byId.get(span.parentSpanId);
        s && chain.length < 100;
        s = byId.get(s.parentSpanId)
      )
        chain.push(s);
      return chain;
    };

    // The root: the orders service's HTTP server span of POST /api/orders.
    const root = spans.find((s) => !s.parentSpanId)!;
    expect(root).toMatchObject({ service: 'orders', kind: SERVER });
    expect(root.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/api/orders',
    });
    expect(ancestors(orderCreated)).toContain(root);

    // order.created, through the outbox and NATS, to a consumer span in each listening service.
    for (const service of ['tickets', 'payments', 'expiration']) {
      expect(named(service, 'process order.created')?.parentSpanId).toBe(orderCreated.spanId);
    }
    // tickets reserves the ticket and announces it; orders takes the new version.
    const ticketUpdated = named('tickets', 'publish ticket.updated')!;
    expect(ancestors(ticketUpdated)).toContain(named('tickets', 'process order.created'));
    expect(named('orders', 'process ticket.updated')!.parentSpanId).toBe(ticketUpdated.spanId);

    const services = new Set(spans.map((s) => s.service));
    expect(services.size).toBeGreaterThanOrEqual(4);
    expect([...services]).toEqual(
      expect.arrayContaining(['orders', 'tickets', 'payments', 'expiration']),
    );
    // The database and Redis calls of the handlers are in the trace too.
    expect(spans).toContainEqual(
      expect.objectContaining({
        service: 'tickets',
        attributes: expect.objectContaining({ 'db.system.name': 'mongodb' }),
      }),
    );
    expect(spans).toContainEqual(
      expect.objectContaining({
        service: 'expiration',
        attributes: expect.objectContaining({ 'db.system.name': 'redis' }),
      }),
    );

    // The request's log line carries the id its answer had, and the trace it started.
    const requestLine = await waitFor(() =>
      logLines.find((l) => l.service === 'orders' && l.line.requestId === requestId),
    );
    expect(requestLine.line).toMatchObject({
      msg: 'request',
      method: 'POST',
      status: 201,
      trace_id: root.traceId,
    });
  });
});

describe('an order that runs out, traced', () => {
  it('when an unpaid order expires, then expiration.complete is published in the trace of its order.created, through the delayed job, and orders handles it there', async () => {
    const [seller, buyer] = await signedUp(platform.url, 2);
    const ticket = await seller!.sellTicket();
    const { order } = await buyer!.orderWhenAvailable(ticket.id);

    await buyer!.waitForOrderStatus(order.id, 'cancelled', 30_000);
    const forThisOrder = (s: ReceivedSpan) => s.attributes['messaging.message.id'] === order.id;
    const job = await waitFor(
      () => receiver.spans.find((s) => s.name === 'process order-expiration' && forThisOrder(s)),
      { timeoutMs: 30_000, what: "the expiration job's span" },
    );
    const inTrace = () => receiver.spans.filter((s) => s.traceId === job.traceId);
    const { published, handled } = await waitFor(
      () => {
        const publish = inTrace().find(
          (s) => s.name === 'publish expiration.complete' && s.parentSpanId === job.spanId,
        );
        const process = inTrace().find(
          (s) => s.name === 'process expiration.complete' && s.parentSpanId === publish?.spanId,
        );
        return publish && process && { published: publish, handled: process };
      },
      { timeoutMs: 30_000, what: 'the expiration.complete producer and consumer spans' },
    );

    // The job is the child of the order.created consumer span that scheduled it, in the order's trace.
    const scheduledBy = inTrace().find((s) => s.spanId === job.parentSpanId);
    expect(scheduledBy).toMatchObject({ service: 'expiration', name: 'process order.created' });
    expect(job).toMatchObject({ service: 'expiration', kind: CONSUMER });
    expect(published.service).toBe('expiration');
    expect(handled.service).toBe('orders');
    const root = inTrace().find((s) => !s.parentSpanId);
    expect(root).toMatchObject({ service: 'orders', name: expect.stringContaining('POST') });
  });
});

describe('a page rendered by the website, traced', () => {
  it("when a signed-in buyer opens My orders, then one trace starts at the website's server span and holds the orders service's span of GET /api/orders below it", async () => {
    const [buyer] = await signedUp(platform.url, 1);

    const page = await fetch(`${platform.url}/orders`, { headers: buyer!.sessionHeaders() });
    expect(page.status).toBe(200);
    await page.text(); // to the end of the stream: the list is rendered after the page's head

    // Next.js's outermost span of this request (the only request for /orders the tests make).
    const root = await waitFor(
      () =>
        receiver.spans.find(
          (s) =>
            s.service === 'client' &&
            !s.parentSpanId &&
            s.kind === SERVER &&
            s.attributes['http.target'] === '/orders',
        ),
      { timeoutMs: 30_000, what: "the website's span of GET /orders" },
    );
    const inTrace = () => receiver.spans.filter((s) => s.traceId === root.traceId);
    const listed = await waitFor(
      () =>
        inTrace().find(
          (s) =>
            s.service === 'orders' &&
            s.kind === SERVER &&
            s.attributes['http.request.method'] === 'GET' &&
            s.attributes['http.route'] === '/api/orders',
        ),
      {
        timeoutMs: 30_000,
        what: "the orders service's span of GET /api/orders in the page's trace",
      },
    );

    /** The spans above orders' span, nearest first, as far as they have been exported. */
    const ancestors = () => {
      const byId = new Map(inTrace().map((s) => [s.spanId, s]));
      const chain: ReceivedSpan[] = [];
      for (
        let s = byId.get(listed.parentSpanId);
        s && chain.length < 100;
        s = byId.get(s.parentSpanId)
      )
        chain.push(s);
      return chain;
    };
    // The website exports its spans in batches: wait until the chain reaches a span with no parent.
    const chain = await waitFor(
      () => {
        const found = ancestors();
        return found.length > 0 && !found.at(-1)!.parentSpanId ? found : undefined;
      },
      { timeoutMs: 30_000, what: "the website's spans between the page and orders' span" },
    );
    // orders ← the website's call to the API (a client span, whose traceparent the gateway passed on) ← … ← the page.
    expect(chain[0]).toMatchObject({ service: 'client', kind: CLIENT });
    expect(chain.at(-1)).toBe(root);
    expect(inTrace().filter((s) => !s.parentSpanId)).toEqual([root]);
  });
});
