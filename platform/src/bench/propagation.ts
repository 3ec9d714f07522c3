import { seriesOf } from '@ticketing/common/testing';

/** Cumulative counts by bucket upper bound (seconds), as a Prometheus histogram exposes them. */
export type Buckets = Map<number, number>;

/**
 * The service's `ticketing_event_propagation_seconds` buckets for one subject, read from its own
 * /metrics: how long after a change was committed the service had applied it. Unlike a client
 * polling for the result, this sees every event, at the moment it was applied.
 */
export async function propagationBuckets(metricsUrl: string, subject: string): Promise<Buckets> {
  const exposition = await (await fetch(metricsUrl)).text();
  const buckets: Buckets = new Map();
  for (const [labels, count] of seriesOf(
    exposition,
    'ticketing_event_propagation_seconds_bucket',
  )) {
    const le = /le="([^"]+)"/.exec(labels)?.[1];
    if (le === undefined || !labels.includes(`subject="${subject}"`)) continue;
    buckets.set(le === '+Inf' ? Infinity : Number(le), count);
  }
  return buckets;
}

export interface PropagationSummary {
  events: number;
  /** The bound of the bucket holding the median and the 99th percentile, in ms (an upper bound). */
  p50Ms: number;
  p99Ms: number;
  /** Share of the events applied within that many ms (a bucket bound). */
  shareWithin(ms: number): number;
}

/** What happened between two readings of the same histogram. */
export function propagationBetween(before: Buckets, after: Buckets): PropagationSummary {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const counted = (le: number) => (after.get(le) ?? 0) - (before.get(le) ?? 0);
  const events = counted(Infinity);
  const percentileBound = (q: number) =>
    (bounds.find((le) => counted(le) >= q * events) ?? Infinity) * 1000;
  return {
    events,
    p50Ms: percentileBound(0.5),
    p99Ms: percentileBound(0.99),
    shareWithin: (ms) => (events === 0 ? 0 : counted(ms / 1000) / events),
  };
}
