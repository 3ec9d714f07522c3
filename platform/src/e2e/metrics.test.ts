import { waitFor } from '@ticketing/common/testing';
import { SERVICES } from '../services';
import { startPlatform, type Platform } from '../start-platform';
import { signedUp } from './support/shopper';
import { e2eLog } from './support/e2e-log';

// The platform as `npm start` runs it, with a real Prometheus scraping every service.
let platform: Platform;
beforeAll(async () => {
  platform = await startPlatform({
    port: 0,
    prometheusPort: 0,
    env: { LOG_LEVEL: 'warn' },
    log: e2eLog,
  });
}, 120_000);
afterAll(() => platform?.stop());

interface Series {
  metric: Record<string, string>;
  value: [number, string];
}

async function query(promql: string): Promise<Series[]> {
  const url = `${platform.prometheusUrl}/api/v1/query?query=${encodeURIComponent(promql)}`;
  const body = (await (await fetch(url)).json()) as { status: string; data: { result: Series[] } };
  if (body.status !== 'success') throw new Error(`Prometheus refused ${promql}`);
  return body.data.result;
}

/** The value of each series by the given label, e.g. `{ tickets: 1, payments: 1 }`. */
const valuesBy = async (promql: string, label: string) =>
  Object.fromEntries(
    (await query(promql)).map(({ metric, value }) => [metric[label], Number(value[1])]),
  );

describe('metrics of the running platform', () => {
  it('when a buyer orders and pays, then Prometheus scrapes every service and the client, and the request, event and payment counters moved', async () => {
    if (!platform.prometheusUrl)
      throw new Error('prometheus is not installed: apt-get install prometheus');
    await waitFor(
      async () => {
        const up = await valuesBy('up', 'job');
        return (up.client === 1 && SERVICES.every((s) => up[s.name] === 1)) || undefined;
      },
      {
        // The runner starts the client only when it is built.
        what: 'every service and the client (npm run build -w @ticketing/client) to be up in Prometheus',
        timeoutMs: 30_000,
      },
    );
    const [seller, buyer] = await signedUp(platform.url, 2);
    const ticket = await seller!.sellTicket();
    const { order } = await buyer!.orderWhenAvailable(ticket.id);
    expect((await buyer!.payWhenKnown(order.id, 'tok_visa')).status).toBe(201);
    await buyer!.waitForOrderStatus(order.id, 'complete');

    const moved = await waitFor(
      async () => {
        const counters = {
          ordersCreated: await valuesBy(
            'http_server_request_duration_seconds_count{http_request_method="POST",http_route="/api/orders",http_response_status_code="201"}',
            'service',
          ),
          published: await valuesBy(
            'ticketing_events_published_total{subject="order.created"}',
            'service',
          ),
          consumed: await valuesBy(
            'ticketing_events_consumed_total{subject="order.created",outcome="ack"}',
            'service',
          ),
          paymentApplied: await valuesBy(
            'ticketing_events_consumed_total{subject="payment.created",outcome="ack"}',
            'service',
          ),
          payments: await valuesBy('ticketing_payments_total', 'outcome'),
          // Tickets sells the ticket on order.completed (a new version); payments and expiration close
          // their copy and job: each applied, acknowledged.
          completionApplied: await valuesBy(
            'ticketing_events_consumed_total{subject="order.completed",outcome="ack"}',
            'service',
          ),
        };
        const { consumed } = counters;
        // Each service is scraped on its own schedule: wait until every one was scraped since.
        const scraped =
          counters.payments.succeeded &&
          counters.paymentApplied.orders &&
          consumed.tickets &&
          consumed.payments &&
          consumed.expiration &&
          counters.completionApplied.tickets &&
          counters.completionApplied.payments &&
          counters.completionApplied.expiration;
        return scraped ? counters : undefined;
      },
      { what: 'Prometheus to scrape the purchase', timeoutMs: 30_000 },
    );

    expect(moved).toEqual({
      ordersCreated: { orders: 1 },
      published: { orders: 1 },
      consumed: { tickets: 1, payments: 1, expiration: 1 },
      paymentApplied: { orders: 1 },
      payments: { succeeded: 1 },
      completionApplied: { tickets: 1, payments: 1, expiration: 1 },
    });
    const [request] = await query(
      'http_server_request_duration_seconds_count{http_route="/api/orders",http_request_method="POST"}',
    );
    expect(Object.keys(request!.metric).sort()).toEqual([
      '__name__',
      'http_request_method',
      'http_response_status_code',
      'http_route',
      'instance',
      'job',
      'service',
    ]);
    expect(await query('{http_route=~".*[0-9a-f]{24}.*"}')).toEqual([]);
    const everyServiceReports = async (metric: string) =>
      Object.keys(await valuesBy(metric, 'service')).sort();
    const names = SERVICES.map((s) => s.name).sort();
    expect(await everyServiceReports('nodejs_eventloop_lag_seconds')).toEqual(
      [...names, 'client'].sort(),
    );
    // Expiration publishes from its job queue and the catalog publishes nothing: neither has an outbox.
    expect(await everyServiceReports('ticketing_outbox_oldest_pending_age_seconds')).toEqual(
      names.filter((name) => name !== 'expiration' && name !== 'catalog'),
    );
    expect(await everyServiceReports('ticketing_catalog_events_behind')).toEqual(['catalog']);
    expect(await everyServiceReports('ticketing_consumer_pending_messages')).toEqual(names);
    expect(Object.keys(await valuesBy('ticketing_expiration_jobs', 'state')).sort()).toEqual([
      'active',
      'delayed',
      'failed',
      'waiting',
    ]);
  });

  it('when /metrics is asked for through the gateway, then neither a service nor the client answers it', async () => {
    const res = await fetch(`${platform.url}/metrics`);

    const body = await res.text();
    expect(body).not.toContain('http_server_request_duration_seconds');
    expect(body).not.toContain('nodejs_eventloop_lag_seconds');
  });
});
