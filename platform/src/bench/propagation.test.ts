import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { metricsFor } from '@ticketing/common';
import { propagationBetween, propagationBuckets, type Buckets } from './propagation';

const buckets = (counts: Record<string, number>): Buckets =>
  new Map(Object.entries(counts).map(([le, count]) => [Number(le), count]));

describe('event propagation read from a histogram', () => {
  it('when events were applied between two readings, then only those count, and each percentile is the bound of its bucket', () => {
    const before = buckets({ 0.1: 10, 0.25: 10, 0.5: 10, Infinity: 10 });
    // 100 more: 90 within 100 ms, 8 more within 250 ms, 2 more within 500 ms.
    const after = buckets({ 0.1: 100, 0.25: 108, 0.5: 110, Infinity: 110 });

    const applied = propagationBetween(before, after);

    expect(applied.events).toBe(100);
    expect(applied.p50Ms).toBe(100);
    expect(applied.p99Ms).toBe(500);
    expect(applied.shareWithin(100)).toBe(0.9);
    expect(applied.shareWithin(250)).toBe(0.98);
  });

  it('when nothing was applied, then no share is claimed', () => {
    const same = buckets({ 0.1: 5, Infinity: 5 });

    expect(propagationBetween(same, same).shareWithin(250)).toBe(0);
  });
});

describe("a service's propagation histogram read from its /metrics", () => {
  it('when the service applied an event 200 ms after its change, then its subject has one event in the 0.25 s bucket and none below', async () => {
    const metrics = metricsFor('propagation-reader');
    metrics.eventPropagation.observe({ subject: 'ticket.created' }, 0.2);
    metrics.eventPropagation.observe({ subject: 'order.created' }, 0.05);
    const server = createServer((_req, res) => {
      void metrics.registry.metrics().then((body) => res.end(body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;

      const buckets = await propagationBuckets(url, 'ticket.created');

      expect(buckets.get(0.1)).toBe(0);
      expect(buckets.get(0.25)).toBe(1);
      expect(buckets.get(Infinity)).toBe(1);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
