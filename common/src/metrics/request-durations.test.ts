import { request as httpRequest } from 'node:http';
import express from 'express';
import { Histogram, Registry } from 'prom-client';
import { listen } from '../lifecycle/http-server';
import { waitFor } from '../testing/wait-for';
import { withMetrics } from './http-metrics';
import { HttpRequestDurations } from './request-durations';
import { ServiceMetrics } from './service-metrics';

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Every line of the exposition as `name{labels sorted}` → value: label order is not meaningful. */
function linesOf(exposition: string): Map<string, number> {
  const lines = new Map<string, number>();
  for (const line of exposition.split('\n')) {
    const match = /^([a-z_:]+)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (!match) continue;
    const labels = (match[2] ?? '').match(/[a-z_]+="[^"]*"/g) ?? [];
    lines.set(`${match[1]}{${labels.sort().join(',')}}`, Number(match[3]));
  }
  return lines;
}

describe('HTTP request durations', () => {
  it("when requests are observed, then the exposition is a prom-client histogram's for the same observations", async () => {
    const ours = new Registry();
    ours.setDefaultLabels({ service: 'gadgets' });
    const durations = new HttpRequestDurations(ours, BUCKETS);
    const theirs = new Registry();
    theirs.setDefaultLabels({ service: 'gadgets' });
    const histogram = new Histogram({
      name: 'http_server_request_duration_seconds',
      help: 'Duration of HTTP requests, by route template',
      labelNames: ['http_request_method', 'http_route', 'http_response_status_code'],
      buckets: BUCKETS,
      registers: [theirs],
    });
    const observations: [string, string, number, number][] = [
      ['GET', '/api/things/:id', 200, 0.003],
      ['GET', '/api/things/:id', 200, 0.005],
      ['GET', '/api/things/:id', 200, 0.4],
      ['GET', '/api/things/:id', 404, 0.002],
      ['POST', '/api/things', 201, 0.07],
      ['GET', 'unmatched', 404, 12],
    ];
    for (const [method, route, status, seconds] of observations) {
      durations.observe(method, route, status, seconds);
      histogram.observe(
        { http_request_method: method, http_route: route, http_response_status_code: status },
        seconds,
      );
    }

    const exposition = await ours.metrics();

    expect(exposition).toContain('# TYPE http_server_request_duration_seconds histogram');
    expect(Object.fromEntries(linesOf(exposition))).toEqual(
      Object.fromEntries(linesOf(await theirs.metrics())),
    );
  });

  it('when the registry is reset, then no series is left', async () => {
    const registry = new Registry();
    const durations = new HttpRequestDurations(registry, BUCKETS);
    durations.observe('GET', '/api/things/:id', 200, 0.01);

    registry.resetMetrics();

    expect(linesOf(await registry.metrics()).size).toBe(0);
  });

  it('when a client gives up before the answer, then its request is still timed', async () => {
    const metrics = new ServiceMetrics('gadgets');
    let answer: (() => void) | undefined;
    const app = express();
    app.get('/api/slow', (_req, res) => {
      answer = () => void res.json({});
    });
    const server = await listen(withMetrics(metrics, app), 0, '127.0.0.1');
    try {
      const client = httpRequest(`http://127.0.0.1:${server.port}/api/slow`);
      client.on('error', () => undefined);
      client.end();
      await waitFor(() => answer !== undefined, { what: 'the request to reach its route' });

      client.destroy();

      const count =
        'http_server_request_duration_seconds_count{http_request_method="GET",http_response_status_code="200",http_route="/api/slow",service="gadgets"}';
      await waitFor(async () => linesOf(await metrics.registry.metrics()).get(count) === 1, {
        what: 'the abandoned request to be counted',
      });
      answer!();
    } finally {
      await server.close();
    }
  });
});
