import { parse } from 'yaml';
import { findKustomize, renderOverlays } from './kustomize';
import {
  containerServes,
  named,
  ofKind,
  selects,
  workloads,
  workloadsSelectedBy,
  type ConfigMap,
  type K8sObject,
  type LabelSelector,
  type Service,
} from './objects';
import { containerEnvironment } from './policies/environment';
import { apps, overlays, type Overlay } from './repo';

let rendered: Record<Overlay, K8sObject[]>;
beforeAll(() => {
  rendered = renderOverlays(findKustomize());
});

interface CollectorConfig {
  receivers: Record<string, unknown>;
  processors: Record<string, unknown>;
  exporters: Record<string, unknown>;
  service: {
    pipelines: Record<string, { receivers: string[]; processors: string[]; exporters: string[] }>;
  };
}

/** The collector's configuration, as its pods mount it. */
function collectorConfig(objects: K8sObject[]): CollectorConfig {
  const collector = workloads(objects).find((w) => w.name === 'otel-collector')!;
  const volume = collector.pod.volumes!.find((v) => v.name === 'config')!;
  const configMap = named<ConfigMap>(objects, 'ConfigMap', volume.configMap!.name!)!;
  return parse(configMap.data!['config.yaml']!) as CollectorConfig;
}

interface NetworkPolicy extends K8sObject {
  spec: {
    podSelector: LabelSelector;
    ingress: { from: { podSelector: LabelSelector }[]; ports: { port: number }[] }[];
  };
}

describe.each(overlays)('tracing in the %s overlay', (overlay) => {
  it(`when ${overlay} is rendered, then every app exports its spans over OTLP/HTTP to a collector Service whose pods receive them`, () => {
    const objects = rendered[overlay];
    for (const app of apps) {
      const workload = workloads(objects).find((w) => w.name === app)!;
      const container = workload.containers.find((c) => c.name === app)!;
      const endpoint = containerEnvironment(objects, workload, container).values.get(
        'OTEL_EXPORTER_OTLP_ENDPOINT',
      );
      expect({ app, endpoint }).toEqual({ app, endpoint: 'http://otel-collector:4318' });
    }
    const service = named<Service>(objects, 'Service', 'otel-collector')!;
    const port = service.spec!.ports!.find((p) => p.port === 4318)!;
    const [collector, ...others] = workloadsSelectedBy(objects, service);
    expect(others).toEqual([]);
    expect(collector!.containers.some((c) => containerServes(c, port.targetPort!))).toBe(true);
    expect(collectorConfig(objects).service.pipelines.traces!.receivers).toEqual(['otlp']);
  });

  it(`when ${overlay} is rendered, then the collector admits OTLP from every app and from nothing else`, () => {
    const objects = rendered[overlay];
    const policy = ofKind<NetworkPolicy>(objects, 'NetworkPolicy').find((p) =>
      selects(p.spec.podSelector, { 'app.kubernetes.io/name': 'otel-collector' }),
    )!;
    const admitted = (labels: Record<string, string>, port: number) =>
      policy.spec.ingress.some(
        (rule) =>
          rule.ports.some((p) => p.port === port) &&
          rule.from.some((peer) => selects(peer.podSelector, labels)),
      );
    for (const app of apps) {
      const { podLabels } = workloads(objects).find((w) => w.name === app)!;
      expect({ app, admitted: admitted(podLabels, 4318) }).toEqual({ app, admitted: true });
    }
    for (const store of ['nats', 'redis', 'orders-mongo']) {
      const { podLabels } = workloads(objects).find((w) => w.name === store)!;
      expect({ store, admitted: admitted(podLabels, 4318) }).toEqual({ store, admitted: false });
    }
  });

  it(`when ${overlay} is rendered, then every stage of the collector's trace pipeline is configured, and spans go to ${overlay === 'gke' ? 'Google Cloud Trace' : 'its log'}`, () => {
    const config = collectorConfig(rendered[overlay]);
    const pipeline = config.service.pipelines.traces!;
    for (const name of pipeline.receivers) expect(config.receivers).toHaveProperty([name]);
    for (const name of pipeline.processors) expect(config.processors).toHaveProperty([name]);
    for (const name of pipeline.exporters) expect(config.exporters).toHaveProperty([name]);
    expect(pipeline.exporters).toEqual([overlay === 'gke' ? 'googlecloud' : 'debug']);
    // Limits memory before anything else holds spans.
    expect(pipeline.processors[0]).toBe('memory_limiter');
  });
});
