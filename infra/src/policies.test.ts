import { loadConfigSchema } from './config-schemas';
import { findKustomize, renderOverlays } from './kustomize';
import { named, type K8sObject } from './objects';
import {
  dataStoresAdmitOnlyTheirClients,
  environmentMatchesSchema,
  hardenedWorkloads,
  noSecretValues,
  referencesResolve,
  servicesSelectWorkloads,
} from './policies';
import { validateAgainstSchemas } from './schemas';

// Each policy is shown to fail on a rendered overlay with one thing broken, so a passing check
// in manifests.test.ts means the property holds rather than that the check looks elsewhere.
let pristine: Record<'dev' | 'gke', K8sObject[]>;

beforeAll(() => {
  const { dev, gke } = renderOverlays(findKustomize());
  pristine = { dev, gke };
});

/** A copy of an overlay's objects with `change` applied to one of them. */
function broken(
  overlay: 'dev' | 'gke',
  kind: string,
  name: string,
  change: (object: any) => void,
): K8sObject[] {
  const objects = structuredClone(pristine[overlay]);
  const object = objects.find((o) => o.kind === kind && o.metadata.name.startsWith(name));
  if (!object) throw new Error(`no ${kind} ${name}`);
  change(object);
  return objects;
}

const container = (deployment: any) => deployment.spec.template.spec.containers[0];

it('when a container has no readiness probe and a writable root filesystem, then the hardening policy names both', () => {
  const objects = broken('gke', 'Deployment', 'tickets', (d) => {
    delete container(d).readinessProbe;
    container(d).securityContext.readOnlyRootFilesystem = false;
  });
  expect(hardenedWorkloads(objects)).toEqual([
    'Deployment/tickets container tickets: no readiness probe',
    'Deployment/tickets container tickets: root filesystem is writable',
  ]);
});

it('when a data store image floats on a moving tag, then the hardening policy names it', () => {
  const objects = broken('gke', 'StatefulSet', 'redis', (s) => {
    container(s).image = 'redis:alpine';
  });
  expect(hardenedWorkloads(objects)).toEqual([
    'StatefulSet/redis container redis: image redis:alpine is not pinned to a release',
  ]);
});

it('when a Service selects no pods, then the Service policy names it', () => {
  const objects = broken('dev', 'Service', 'orders', (s) => {
    s.spec.selector = { 'app.kubernetes.io/name': 'order' };
  });
  expect(servicesSelectWorkloads(objects)).toEqual(['Service/orders selects no workload']);
});

it('when a route targets a port its Service does not have, then the reference policy names it', () => {
  const objects = broken('dev', 'HTTPRoute', 'ticketing', (r) => {
    r.spec.rules[0].backendRefs[0].port = 80;
  });
  expect(referencesResolve(objects)).toEqual(['HTTPRoute/ticketing: Service auth has no port 80']);
});

it('when a GKE health check probes another path than readiness, then the reference policy names it', () => {
  const objects = broken('gke', 'HealthCheckPolicy', 'payments', (p) => {
    p.spec.default.config.httpHealthCheck.requestPath = '/';
  });
  expect(referencesResolve(objects)).toEqual([
    'HealthCheckPolicy/payments: does not check the readiness endpoint behind payments',
  ]);
});

describe('environment', () => {
  const check = (objects: K8sObject[], app: 'orders' | 'payments') =>
    environmentMatchesSchema(objects, { workload: app, schema: loadConfigSchema(app)! });

  it('when a required variable is missing, then the environment policy names it', () => {
    const objects = broken('dev', 'ConfigMap', 'orders-config', (c) => {
      delete c.data.MONGO_URI;
    });
    expect(check(objects, 'orders')).toEqual([
      'orders: MONGO_URI is required by its config schema but not provided',
    ]);
  });

  it('when a variable is misspelt, then the environment policy names it', () => {
    const objects = broken('dev', 'ConfigMap', 'orders-config', (c) => {
      c.data.EXPIRATION_WINDOW_SECOND = c.data.EXPIRATION_WINDOW_SECONDS;
      delete c.data.EXPIRATION_WINDOW_SECONDS;
    });
    expect(check(objects, 'orders')).toEqual([
      'orders: EXPIRATION_WINDOW_SECOND is provided but its config schema does not read it',
    ]);
  });

  it('when a value is one the schema rejects, then the environment policy names it', () => {
    const objects = broken('dev', 'ConfigMap', 'payments-config', (c) => {
      delete c.data.NODE_ENV;
    });
    expect(check(objects, 'payments')).toEqual([
      'payments: PAYMENTS_PROVIDER is rejected by its config schema: the test provider cannot run in production',
    ]);
  });
});

it('when another app may connect to a service database, then the data-store policy names it', () => {
  const objects = broken('dev', 'NetworkPolicy', 'orders-mongo', (p) => {
    p.spec.ingress[0].from.push({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'tickets' } },
    });
  });
  expect(dataStoresAdmitOnlyTheirClients(objects)).toEqual([
    'orders-mongo admits tickets, which is not configured to use it',
  ]);
});

it('when NATS admits a service that does not use the bus, then the data-store policy names it', () => {
  const objects = broken('dev', 'NetworkPolicy', 'nats', (p) => {
    p.spec.ingress[0].from[0].podSelector.matchExpressions[0].values.push('auth');
  });
  expect(dataStoresAdmitOnlyTheirClients(objects)).toEqual([
    'nats admits auth, which is not configured to use it',
  ]);
});

it('when a Secret value or a secret in a ConfigMap is committed, then the secrets policy names them', () => {
  const withSecret = [
    ...pristine.gke,
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'leak' }, stringData: { JWT_KEY: 'x' } },
  ];
  const objects = broken('gke', 'ConfigMap', 'service-defaults', (c) => {
    c.data.JWT_KEY = 'not-a-secret-anymore';
  });
  expect(noSecretValues(withSecret)).toEqual(['Secret/leak carries values']);
  expect(noSecretValues(objects)).toEqual([
    expect.stringMatching(
      /^ConfigMap\/service-defaults-\w+ holds JWT_KEY, which belongs in a Secret$/,
    ),
  ]);
});

it('when objects break the API schemas or have none, then schema validation reports each', () => {
  const service = named(pristine.dev, 'Service', 'auth')!;
  const route = named(pristine.dev, 'HTTPRoute', 'ticketing')!;
  const problems = validateAgainstSchemas([
    { ...service, spec: { ...(service.spec as object), ports: [{ port: 'http' }] } },
    {
      ...route,
      spec: {
        ...(route.spec as object),
        rules: [{ backendRefs: [{ name: 'auth', port: 'http' }] }],
      },
    },
    { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } },
  ]);
  expect(problems).toEqual([
    { object: 'Service/auth', problem: expect.stringContaining('ports/0/port must be integer') },
    { object: 'HTTPRoute/ticketing', problem: expect.stringContaining('port must be integer') },
    { object: 'Widget/w', problem: 'no schema for example.com/v1 Widget' },
  ]);
});
