/** @jest-environment node */
import { loadMetricsConfig, startMetricsServer, type MetricsServer } from './metrics-server';

let server: MetricsServer;
beforeAll(async () => {
  server = await startMetricsServer({ METRICS_PORT: 0, METRICS_HOST: '127.0.0.1' });
});
afterAll(() => server?.close());

const url = (path: string) => `http://127.0.0.1:${server.port}${path}`;

describe("the client's metrics server", () => {
  it('when Prometheus scrapes /metrics, then it gets the Node process metrics in the text format, labelled service="client"', async () => {
    const res = await fetch(url('/metrics'));
    const body = await res.text();

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const metric of [
      'nodejs_eventloop_lag_seconds',
      'nodejs_heap_size_used_bytes',
      'process_cpu_seconds_total',
    ]) {
      expect(body).toMatch(new RegExp(`^${metric}\\{[^}]*service="client"[^}]*\\} `, 'm'));
    }
    // Observed once a collection has run; declared from the start.
    expect(body).toContain('# TYPE nodejs_gc_duration_seconds histogram');
  });

  it('when another path is asked for, then it answers 404 with the standard error body', async () => {
    const res = await fetch(url('/'));

    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ errors: [{ message: 'Not found' }] });
  });

  it('when /metrics is posted to, then it answers 405 with the standard error body', async () => {
    const res = await fetch(url('/metrics'), { method: 'POST' });

    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    expect(await res.json()).toEqual({ errors: [{ message: 'Method not allowed' }] });
  });

  it('when the port is taken, then starting fails instead of serving nothing', async () => {
    await expect(
      startMetricsServer({ METRICS_PORT: server.port, METRICS_HOST: '127.0.0.1' }),
    ).rejects.toThrow(/EADDRINUSE/);
  });
});

describe("the client's metrics configuration", () => {
  it('when nothing is set, then metrics are served on port 9464 of every interface', () => {
    expect(loadMetricsConfig({})).toEqual({ METRICS_PORT: 9464, METRICS_HOST: '0.0.0.0' });
  });

  it('when METRICS_PORT is not a port, then loading names it', () => {
    expect(() => loadMetricsConfig({ METRICS_PORT: 'ninety' })).toThrow(/METRICS_PORT/);
    expect(() => loadMetricsConfig({ METRICS_PORT: '70000' })).toThrow(/METRICS_PORT/);
  });
});
