import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfigSchema } from './config-schemas';
import type { HTTPRoute } from './gateway-api';
import { findKustomize, parseObjects, renderOverlays } from './kustomize';
import { named, ofKind, workloads, type K8sObject } from './objects';
import {
  apiRouterRoutes,
  dataStoresAdmitOnlyTheirClients,
  environmentMatchesSchema,
  hardenedWorkloads,
  namespaceEnforcesRestricted,
  natsUsersPublishOnlyTheirOwn,
  noSecretValues,
  productionReady,
  publicApiRoutes,
  referencesResolve,
  replicasSpread,
  servicesSelectWorkloads,
} from './policies';
import { apps, k8sDir, overlays, type App, type Overlay } from './repo';
import { validateAgainstSchemas } from './schemas';

let rendered: Record<Overlay, K8sObject[]>;

beforeAll(() => {
  rendered = renderOverlays(findKustomize());
});

/** Variables the runtime reads rather than the app: Next.js's standalone server and telemetry. */
const readByRuntime: Partial<Record<App, string[]>> = {
  client: ['PORT', 'HOSTNAME', 'NODE_ENV', 'NEXT_TELEMETRY_DISABLED'],
};

describe.each(overlays)('the %s overlay', (overlay) => {
  const objects = () => rendered[overlay];

  it(`when ${overlay} is rendered, then every object validates against the Kubernetes and Gateway API schemas`, () => {
    expect(objects().length).toBeGreaterThan(40);
    expect(validateAgainstSchemas(objects())).toEqual([]);
  });

  it(`when ${overlay} is rendered, then every workload has probes, requests and limits, and runs non-root on a read-only root filesystem`, () => {
    // On a local cluster skaffold syncs sources into our own images' containers (only there).
    const mayWriteRootFilesystem =
      overlay === 'gke'
        ? undefined
        : (_: unknown, container: { image?: string }) =>
            container.image?.startsWith('ticketing/') === true;
    expect(hardenedWorkloads(objects(), { mayWriteRootFilesystem })).toEqual([]);
  });

  it(`when ${overlay} is rendered, then it ships its Namespace, which enforces Pod Security restricted, and puts everything in it`, () => {
    expect(namespaceEnforcesRestricted(objects())).toEqual([]);
  });

  it(`when ${overlay} is rendered, then every workload with more than one replica spreads them over zones and nodes`, () => {
    expect(replicasSpread(objects())).toEqual([]);
  });

  it(`when ${overlay} is rendered, then every Service selects a workload serving its ports`, () => {
    expect(servicesSelectWorkloads(objects())).toEqual([]);
  });

  it(`when ${overlay} is rendered, then every route, health check, autoscaler and budget refers to an existing object`, () => {
    expect(referencesResolve(objects())).toEqual([]);
  });

  it(`when ${overlay} is rendered, then each data store admits only the apps configured to use it`, () => {
    expect(dataStoresAdmitOnlyTheirClients(objects())).toEqual([]);
  });

  it(`when ${overlay} is rendered, then every app reaches NATS as its own user, which may publish only its own subjects`, () => {
    expect(natsUsersPublishOnlyTheirOwn(objects())).toEqual([]);
  });

  it(`when ${overlay} is rendered, then no secret value is written in the manifests`, () => {
    // The dev Secret is generated from the git-ignored secrets.env (here: the committed example).
    expect(noSecretValues(objects(), { secretsMayHoldData: overlay !== 'gke' })).toEqual([]);
  });

  it.each(apps)(
    `when ${overlay} is rendered, then %s gets every variable its config schema requires and none it does not read`,
    (app) => {
      const schema = loadConfigSchema(app);
      if (schema === undefined) throw new Error(`${app}/src/config.ts does not exist yet`);
      expect(
        environmentMatchesSchema(objects(), {
          workload: app,
          schema,
          readByRuntime: readByRuntime[app],
        }),
      ).toEqual([]);
    },
  );

  it(`when ${overlay} is rendered, then the website's server calls the APIs through a router with the gateway's table`, () => {
    const publicRoutes =
      overlay === 'dev-ingress' ? publicApiRoutes(rendered.dev) : publicApiRoutes(objects());
    expect(apiRouterRoutes(objects())).toEqual(publicRoutes);
  });
});

describe('routing', () => {
  const siteRoutes = (objects: K8sObject[]) =>
    named<HTTPRoute>(objects, 'HTTPRoute', 'ticketing')!.spec.rules!.map((rule) => [
      rule.matches?.[0]?.path?.value,
      `${rule.backendRefs?.[0]?.name}:${rule.backendRefs?.[0]?.port}`,
    ]);
  const table = [
    ['/api/users', 'auth:3000'],
    ['/api/tickets', 'tickets:3000'],
    ['/api/orders', 'orders:3000'],
    ['/api/payments', 'payments:3000'],
    ['/api/catalog', 'catalog:3000'],
    ['/', 'client:3000'],
  ];

  it('when the dev overlay is rendered, then ticketing.dev routes the API prefixes to their services and the rest to the website over HTTPS', () => {
    const route = named<HTTPRoute>(rendered.dev, 'HTTPRoute', 'ticketing')!;
    expect(route.spec.hostnames).toEqual(['ticketing.dev']);
    expect(route.spec.parentRefs).toEqual([{ name: 'ticketing', sectionName: 'https' }]);
    expect(siteRoutes(rendered.dev)).toEqual(table);
  });

  it('when the dev-ingress overlay is rendered, then an Ingress routes the same table and no Gateway is left', () => {
    const objects = rendered['dev-ingress'];
    expect(ofKind(objects, 'Gateway')).toEqual([]);
    expect(ofKind(objects, 'HTTPRoute')).toEqual([]);
    const ingress = named<
      K8sObject & {
        spec: {
          rules: {
            host: string;
            http: { paths: { path: string; backend: { service: { name: string } } }[] };
          }[];
        };
      }
    >(objects, 'Ingress', 'ticketing')!;
    expect(ingress.spec.rules[0]!.host).toBe('ticketing.dev');
    expect(
      ingress.spec.rules[0]!.http.paths.map((p) => [p.path, `${p.backend.service.name}:3000`]),
    ).toEqual(table);
  });

  it('when the gke overlay is rendered, then the same table is served by the GKE global external gateway with a managed certificate', () => {
    const gateway = named<
      K8sObject & {
        spec: { gatewayClassName: string; listeners: { name: string; tls?: unknown }[] };
      }
    >(rendered.gke, 'Gateway', 'ticketing')!;
    expect(gateway.spec.gatewayClassName).toBe('gke-l7-global-external-managed');
    expect(gateway.metadata.annotations?.['networking.gke.io/certmap']).toBeDefined();
    expect(gateway.spec.listeners.find((l) => l.name === 'https')?.tls).toBeUndefined();
    expect(siteRoutes(rendered.gke)).toEqual(table);
  });

  it.each(['dev', 'gke'] as const)(
    'when the %s overlay is rendered, then every answer over HTTPS sets Strict-Transport-Security at the gateway, where TLS ends',
    (overlay) => {
      const hsts = named<HTTPRoute>(rendered[overlay], 'HTTPRoute', 'ticketing')!.spec.rules!.map(
        (rule) =>
          rule.filters
            ?.find((filter) => filter.type === 'ResponseHeaderModifier')
            ?.responseHeaderModifier?.set?.find((h) => h.name === 'Strict-Transport-Security')
            ?.value,
      );
      expect(hsts).toEqual(table.map(() => 'max-age=31536000; includeSubDomains'));
    },
  );

  it('when the local GatewayClass is validated, then it is a valid Gateway API object named as the Gateway expects', () => {
    const [gatewayClass] = parseObjects(
      readFileSync(path.join(k8sDir, 'local', 'envoy-gateway-class.yaml'), 'utf8'),
    );
    expect(validateAgainstSchemas([gatewayClass!])).toEqual([]);
    const gateway = named<K8sObject & { spec: { gatewayClassName: string } }>(
      rendered.dev,
      'Gateway',
      'ticketing',
    )!;
    expect(gateway.spec.gatewayClassName).toBe(gatewayClass!.metadata.name);
  });
});

describe('environments', () => {
  const configValue = (objects: K8sObject[], prefix: string, key: string) =>
    ofKind<K8sObject & { data?: Record<string, string> }>(objects, 'ConfigMap').find((c) =>
      c.metadata.name.startsWith(prefix),
    )?.data?.[key];

  it('when the gke overlay is rendered, then stateless apps start at and autoscale from two replicas with disruption budgets and NATS is a three-server cluster', () => {
    expect(productionReady(rendered.gke)).toEqual([]);
  });

  it('when the dev overlay is rendered, then everything runs once and payments use the test provider', () => {
    const replicas = workloads(rendered.dev).map(
      (w) => (w.object.spec as { replicas?: number }).replicas ?? 1,
    );
    expect(new Set(replicas)).toEqual(new Set([1]));
    expect(ofKind(rendered.dev, 'HorizontalPodAutoscaler')).toEqual([]);
    expect(configValue(rendered.dev, 'payments-config', 'PAYMENTS_PROVIDER')).toBe('test');
    expect(configValue(rendered.gke, 'payments-config', 'PAYMENTS_PROVIDER')).toBe('stripe');
  });

  it('when any overlay is rendered, then Redis keeps an append-only file and NATS stores JetStream on a volume', () => {
    for (const overlay of overlays) {
      const redis = workloads(rendered[overlay]).find((w) => w.name === 'redis')!;
      expect(redis.containers[0]!.args?.join(' ')).toContain('--appendonly yes');
      const nats = workloads(rendered[overlay]).find((w) => w.name === 'nats')!;
      expect(nats.containers[0]!.volumeMounts).toContainEqual({ name: 'data', mountPath: '/data' });
      expect(configValue(rendered[overlay], 'nats-config', 'nats.conf')).toContain(
        'store_dir: /data/jetstream',
      );
    }
  });
});
