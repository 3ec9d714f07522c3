import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** A gauge's value for one set of labels, as a reader reports it at scrape time. */
export interface GaugeSample<L extends string> {
  labels?: Partial<Record<L, string>>;
  value: number;
}

/** Reads a gauge's current values from where they live (a database, a broker, a queue). */
export type GaugeReader<L extends string> = () => Promise<GaugeSample<L>[]>;

/** Seconds; spans a fast in-process answer to a request waiting on a slow database or broker. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const EVENT_LOOP_SAMPLE_MS = 100;

/**
 * One service's metrics: its own registry, every series labelled with `service`, Node's process
 * metrics, and the ones every service shares (HTTP, events). Metrics a single service owns are made
 * through `counter` and `gaugeReadAtScrape`.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly httpRequestDuration: Histogram<
    'http_request_method' | 'http_route' | 'http_response_status_code'
  >;
  readonly eventsPublished: Counter<'subject'>;
  readonly eventsConsumed: Counter<'subject' | 'outcome'>;
  readonly eventHandlerDuration: Histogram<'subject'>;
  readonly eventPropagation: Histogram<'subject'>;
  private readonly counters = new Map<string, Counter>();
  private readonly readers = new Map<string, Set<GaugeReader<string>>>();

  constructor(readonly service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({
      register: this.registry,
      // prom-client samples the event loop's delay every 10 ms by default: 0.3 % of a core per idle
      // process (measured), most of what an idle service costs; every 100 ms still sees any stall
      // an operator would act on.
      eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS,
    });
    this.httpRequestDuration = new Histogram({
      name: 'http_server_request_duration_seconds',
      help: 'Duration of HTTP requests, by route template',
      labelNames: ['http_request_method', 'http_route', 'http_response_status_code'],
      buckets: LATENCY_BUCKETS,
      registers: [this.registry],
    });
    this.eventsPublished = new Counter({
      name: 'ticketing_events_published_total',
      help: 'Events the broker has stored, by subject',
      labelNames: ['subject'],
      registers: [this.registry],
    });
    this.eventsConsumed = new Counter({
      name: 'ticketing_events_consumed_total',
      help: 'Event deliveries handled, by subject and outcome (ack, retry, deadletter, ignored)',
      labelNames: ['subject', 'outcome'],
      registers: [this.registry],
    });
    this.eventHandlerDuration = new Histogram({
      name: 'ticketing_event_handler_duration_seconds',
      help: 'Duration of event handlers, by subject',
      labelNames: ['subject'],
      buckets: LATENCY_BUCKETS,
      registers: [this.registry],
    });
    // How long a change takes to reach this service: what a buyer waits for between a ticket being
    // listed and it being orderable. Measured against the producer's clock (the envelope's
    // occurredAt), so in a cluster it includes the nodes' clock skew.
    this.eventPropagation = new Histogram({
      name: 'ticketing_event_propagation_seconds',
      help: 'Time from a change being committed (its event recorded) to this service having applied it, by subject',
      labelNames: ['subject'],
      buckets: LATENCY_BUCKETS,
      registers: [this.registry],
    });
  }

  /** The service's counter of that name, made on first use. */
  counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> {
    let counter = this.counters.get(name);
    if (!counter) {
      counter = new Counter({ name, help, labelNames, registers: [this.registry] });
      this.counters.set(name, counter);
    }
    return counter as Counter<L>;
  }

  /**
   * Adds a reader to the gauge of that name (made on first use), read when Prometheus scrapes, so
   * nothing polls between scrapes. Returns what removes the reader (a relay or a consumer stopping).
   * A reader that fails leaves its series out of that scrape rather than failing the others.
   */
  gaugeReadAtScrape<L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    reader: GaugeReader<L>,
  ): () => void {
    let readers = this.readers.get(name);
    if (!readers) {
      const gaugeReaders = new Set<GaugeReader<string>>();
      readers = gaugeReaders;
      this.readers.set(name, gaugeReaders);
      new Gauge({
        name,
        help,
        labelNames,
        registers: [this.registry],
        async collect() {
          this.reset();
          const results = await Promise.allSettled([...gaugeReaders].map((read) => read()));
          for (const result of results) {
            if (result.status !== 'fulfilled') continue;
            for (const { labels = {}, value } of result.value) this.set(labels, value);
          }
        },
      });
    }
    readers.add(reader as GaugeReader<string>);
    return () => readers.delete(reader as GaugeReader<string>);
  }
}

const byService = new Map<string, ServiceMetrics>();

/**
 * The metrics of the named service. One per name, so the HTTP server, the bus and the outbox of a
 * service record into the same registry without being handed it, and services started side by side
 * in one process (tests, the platform's runner) keep theirs apart.
 */
export function metricsFor(service: string): ServiceMetrics {
  let metrics = byService.get(service);
  if (!metrics) {
    metrics = new ServiceMetrics(service);
    byService.set(service, metrics);
  }
  return metrics;
}
