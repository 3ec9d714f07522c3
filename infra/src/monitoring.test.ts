import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import type { HTTPRoute } from './gateway-api';
import { findKustomize, parseObjects } from './kustomize';
import {
  containerServes,
  named,
  ofKind,
  selects,
  workloads,
  type ConfigMap,
  type K8sObject,
  type LabelSelector,
  type Service,
} from './objects';
import { k8sDir, repoRoot } from './repo';
import { validateAgainstSchemas } from './schemas';

const rulesFile = parse(
  readFileSync(path.join(repoRoot, 'infra/monitoring/rules.yml'), 'utf8'),
) as { groups: unknown[] };

/** The services (the api and worker apps), as their Deployments run them. */
const servicesOf = (objects: K8sObject[]) =>
  workloads(objects).filter((w) =>
    ['api', 'worker'].includes(w.podLabels['app.kubernetes.io/component'] ?? ''),
  );

interface Monitor extends K8sObject {
  spec: {
    selector: LabelSelector;
    podMetricsEndpoints?: { port: string; path: string }[];
    endpoints?: { port: string; path: string }[];
    groups?: unknown[];
  };
}

/** Every service's pods are selected and serve the scraped port; nothing else is selected. */
function expectScrapesEveryService(objects: K8sObject[], monitor: Monitor) {
  const [endpoint] = monitor.spec.podMetricsEndpoints ?? monitor.spec.endpoints ?? [];
  expect(endpoint?.path).toBe('/metrics');
  const selected = workloads(objects).filter((w) => selects(monitor.spec.selector, w.podLabels));
  expect(selected.map((w) => w.name).sort()).toEqual(
    ['auth', 'catalog', 'expiration', 'orders', 'payments', 'tickets'].sort(),
  );
  for (const service of servicesOf(objects)) {
    expect(service.containers.some((c) => containerServes(c, endpoint!.port))).toBe(true);
  }
}

/**
 * The client's pods alone are selected, on the port its metrics server listens on (not the site's,
 * where /metrics is a page), which its Service does not expose.
 */
function expectScrapesTheClient(objects: K8sObject[], monitor: Monitor) {
  const [endpoint] = monitor.spec.podMetricsEndpoints ?? monitor.spec.endpoints ?? [];
  expect(endpoint).toMatchObject({ port: 'metrics', path: '/metrics' });
  const selected = workloads(objects).filter((w) => selects(monitor.spec.selector, w.podLabels));
  expect(selected.map((w) => w.name)).toEqual(['client']);
  const [container] = selected[0]!.containers;
  expect(container!.ports).toContainEqual({ name: 'metrics', containerPort: 9464 });
  const service = named<Service>(objects, 'Service', 'client')!;
  expect(service.spec!.ports!.map((p) => p.targetPort ?? p.port)).not.toContain('metrics');
  expect(service.spec!.ports!.map((p) => p.port)).not.toContain(9464);
}

/** The base with the monitoring component, from a copy of infra/k8s (as a user's overlay would). */
function renderWithMonitoringComponent(): K8sObject[] {
  const copy = mkdtempSync(path.join(os.tmpdir(), 'ticketing-monitoring-'));
  try {
    cpSync(k8sDir, copy, { recursive: true, filter: (source) => !source.endsWith('.env') });
    const overlay = path.join(copy, 'overlays', 'with-monitoring');
    mkdirSync(overlay);
    writeFileSync(
      path.join(overlay, 'kustomization.yaml'),
      [
        'apiVersion: kustomize.config.k8s.io/v1beta1',
        'kind: Kustomization',
        'namespace: ticketing',
        'resources: [../../base]',
        'components: [../../components/monitoring]',
        '',
      ].join('\n'),
    );
    return parseObjects(findKustomize().build(overlay));
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

const gke = () =>
  parseObjects(findKustomize().build(path.join(k8sDir, 'overlays', 'gke'))) as K8sObject[];

describe('monitoring for the Prometheus Operator (components/monitoring)', () => {
  let objects: K8sObject[];
  beforeAll(() => {
    objects = renderWithMonitoringComponent();
  });

  it('when the component is rendered, then its PodMonitor and PrometheusRule validate against the operator CRD schemas', () => {
    expect(ofKind(objects, 'PodMonitor')).toHaveLength(2);
    expect(ofKind(objects, 'PrometheusRule')).toHaveLength(1);

    expect(
      validateAgainstSchemas(
        objects.filter((o) => o.apiVersion.startsWith('monitoring.coreos.com/')),
      ),
    ).toEqual([]);
  });

  it("when the component is rendered, then the PodMonitor scrapes /metrics on every service's port and nothing else", () => {
    expectScrapesEveryService(
      objects,
      named<Monitor>(objects, 'PodMonitor', 'ticketing-services')!,
    );
  });

  it("when the component is rendered, then a PodMonitor scrapes the client's /metrics on its metrics port", () => {
    expectScrapesTheClient(objects, named<Monitor>(objects, 'PodMonitor', 'ticketing-client')!);
  });

  it('when the component is rendered, then the PrometheusRule holds exactly the rules of infra/monitoring/rules.yml', () => {
    const rule = named<Monitor>(objects, 'PrometheusRule', 'ticketing')!;

    expect(rule.spec.groups).toEqual(rulesFile.groups);
  });

  it('when the component is rendered, then the Grafana sidecar finds the dashboard, whose panels query only valid PromQL over the platform metrics', async () => {
    const configMap = named<ConfigMap>(objects, 'ConfigMap', 'grafana-dashboard-ticketing')!;
    expect(configMap.metadata.labels).toMatchObject({ grafana_dashboard: '1' });
    const dashboard = JSON.parse(configMap.data!['ticketing.json']!) as {
      panels: { type: string; title: string; targets?: { expr: string }[] }[];
    };

    const exprs = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
    expect(dashboard.panels.filter((p) => p.type !== 'row').every((p) => p.targets?.length)).toBe(
      true,
    );
    const metricNames = new Set(
      exprs.flatMap((e) => e.match(/\b(ticketing|http_server|nodejs)_\w+/g) ?? []),
    );
    expect([...metricNames].sort()).toEqual([
      'http_server_request_duration_seconds_bucket',
      'http_server_request_duration_seconds_count',
      'nodejs_eventloop_lag_p99_seconds',
      'nodejs_gc_duration_seconds_sum',
      'nodejs_heap_size_used_bytes',
      'ticketing_consumer_pending_messages',
      'ticketing_event_handler_duration_seconds_bucket',
      'ticketing_event_propagation_seconds_bucket',
      'ticketing_events_consumed_total',
      'ticketing_events_published_total',
      'ticketing_expiration_jobs',
      'ticketing_outbox_oldest_pending_age_seconds',
      'ticketing_outbox_pending_events',
      'ticketing_payments_total',
    ]);
    await expectValidPromQL(
      exprs.map((e) => e.replaceAll('$__rate_interval', '5m').replaceAll('$service', '.*')),
    );
  });
});

describe('monitoring on GKE managed Prometheus (the gke overlay)', () => {
  let objects: K8sObject[];
  beforeAll(() => {
    objects = gke();
  });

  it("when the gke overlay is rendered, then a PodMonitoring scrapes /metrics on every service's port and nothing else", () => {
    const monitoring = named<Monitor>(objects, 'PodMonitoring', 'ticketing-services')!;

    expect(monitoring.apiVersion).toBe('monitoring.googleapis.com/v1');
    expectScrapesEveryService(objects, monitoring);
  });

  it("when the gke overlay is rendered, then a PodMonitoring scrapes the client's /metrics on its metrics port", () => {
    const monitoring = named<Monitor>(objects, 'PodMonitoring', 'ticketing-client')!;

    expect(monitoring.apiVersion).toBe('monitoring.googleapis.com/v1');
    expectScrapesTheClient(objects, monitoring);
  });

  it('when the gke overlay is rendered, then its Rules hold exactly the rules of infra/monitoring/rules.yml', () => {
    const rules = named<Monitor>(objects, 'Rules', 'ticketing')!;

    expect(rules.apiVersion).toBe('monitoring.googleapis.com/v1');
    expect(rules.spec.groups).toEqual(rulesFile.groups);
  });

  it('when the gke overlay is rendered, then its routes send only /api/... prefixes to the services, never /metrics', () => {
    const services = new Set(servicesOf(objects).map((w) => w.name));
    const servicePaths = ofKind<HTTPRoute>(objects, 'HTTPRoute').flatMap((route) =>
      (route.spec.rules ?? [])
        .filter((rule) => (rule.backendRefs ?? []).some((b) => services.has(b.name)))
        .flatMap((rule) => (rule.matches ?? []).map((m) => m.path?.value ?? '/')),
    );

    expect(servicePaths.length).toBeGreaterThan(0);
    expect(servicePaths.filter((p) => !p.startsWith('/api/'))).toEqual([]);
  });
});

/** Each expression as a recording rule, checked by promtool (which parses the PromQL). */
async function expectValidPromQL(exprs: string[]) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ticketing-promql-'));
  try {
    const file = path.join(dir, 'exprs.yml');
    const rules = exprs.map((expr, i) => ({ record: `dashboard:panel_${i}`, expr }));
    writeFileSync(file, JSON.stringify({ groups: [{ name: 'dashboard', rules }] }));
    await expect(promisify(execFile)('promtool', ['check', 'rules', file])).resolves.toMatchObject({
      stdout: expect.stringContaining(`SUCCESS: ${exprs.length} rules found`),
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
