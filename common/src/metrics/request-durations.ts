import type { Metric, Registry } from 'prom-client';

type DurationLabel = 'http_request_method' | 'http_route' | 'http_response_status_code';

/** One line of the exposition, as prom-client's metrics give it to their registry. */
interface Sample {
  metricName: string;
  labels: Record<string, string | number>;
  value: number;
}

interface Series {
  labels: Record<DurationLabel, string>;
  /** Observations per bucket, not cumulative; the last one is above the largest bound (+Inf). */
  counts: number[];
  sum: number;
  count: number;
}

/**
 * `http_server_request_duration_seconds`, a histogram by method, route template and status, as
 * prom-client's `Histogram` exposes it, observed for a fraction of its cost. prom-client validates
 * the labels, joins them into a key and converts each bucket bound to a property name on every
 * observation, which was the larger part of what the metrics cost a cheap request (see the README's
 * benchmark of observing a request); here an observation is three map lookups by value and an
 * array increment, and the exposition is built when Prometheus scrapes.
 */
export class HttpRequestDurations {
  readonly name = 'http_server_request_duration_seconds';
  readonly help = 'Duration of HTTP requests, by route template';
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  /** route → method → status → series. */
  private series = new Map<string, Map<string, Map<number, Series>>>();

  constructor(
    registry: Registry,
    private readonly buckets: readonly number[],
  ) {
    // Any object with prom-client's metric interface (name, help, type, get, reset) is exposed.
    registry.registerMetric(this as unknown as Metric);
  }

  observe(method: string, route: string, status: number, seconds: number): void {
    let byMethod = this.series.get(route);
    if (!byMethod) {
      byMethod = new Map();
      this.series.set(route, byMethod);
    }
    let byStatus = byMethod.get(method);
    if (!byStatus) {
      byStatus = new Map();
      byMethod.set(method, byStatus);
    }
    let series = byStatus.get(status);
    if (!series) {
      series = {
        labels: {
          http_request_method: method,
          http_route: route,
          http_response_status_code: String(status),
        },
        counts: new Array<number>(this.buckets.length + 1).fill(0),
        sum: 0,
        count: 0,
      };
      byStatus.set(status, series);
    }
    const { buckets } = this;
    let bucket = 0;
    while (bucket < buckets.length && seconds > buckets[bucket]!) bucket++;
    series.counts[bucket]!++;
    series.sum += seconds;
    series.count++;
  }

  /** The values of the exposition, in prom-client's form: cumulative buckets, then `_sum` and `_count`. */
  get() {
    const values: Sample[] = [];
    for (const byMethod of this.series.values()) {
      for (const byStatus of byMethod.values()) {
        for (const { labels, counts, sum, count } of byStatus.values()) {
          let cumulative = 0;
          this.buckets.forEach((bound, i) => {
            cumulative += counts[i]!;
            values.push({
              metricName: `${this.name}_bucket`,
              labels: { ...labels, le: bound },
              value: cumulative,
            });
          });
          values.push(
            { metricName: `${this.name}_bucket`, labels: { ...labels, le: '+Inf' }, value: count },
            { metricName: `${this.name}_sum`, labels: { ...labels }, value: sum },
            { metricName: `${this.name}_count`, labels: { ...labels }, value: count },
          );
        }
      }
    }
    return Promise.resolve({
      name: this.name,
      help: this.help,
      type: this.type,
      values,
      aggregator: this.aggregator,
    });
  }

  reset(): void {
    this.series = new Map();
  }
}
