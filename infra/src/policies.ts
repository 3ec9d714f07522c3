import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { ISecret } from 'kubernetes-models/v1/Secret';
import type { IService } from 'kubernetes-models/v1/Service';
import { requiredKeys, type ConfigSchema } from './config-schemas';
import { isPinnedImage } from './images';
import {
  describe,
  named,
  ofKind,
  selects,
  workloads,
  type K8sObject,
  type LabelSelector,
  type Workload,
} from './objects';

/** Every policy returns its violations, one sentence each; none means it holds. */
export type Problems = string[];

type Service = K8sObject & IService;
type ConfigMap = K8sObject & IConfigMap;
type Secret = K8sObject & ISecret;
type NetworkPolicy = K8sObject & INetworkPolicy;

/** The Gateway API objects the policies read (the models package is ESM-only, see schemas.ts). */
interface ParentRef {
  name: string;
  sectionName?: string;
}
interface BackendRef {
  name: string;
  port?: number;
  kind?: string;
}
export interface HTTPRoute extends K8sObject {
  spec: {
    parentRefs?: ParentRef[];
    hostnames?: string[];
    rules?: {
      matches?: { path?: { type?: string; value?: string } }[];
      backendRefs?: BackendRef[];
    }[];
  };
}
interface Gateway extends K8sObject {
  spec: { gatewayClassName: string; listeners: { name: string }[] };
}
interface HealthCheckPolicy extends K8sObject {
  spec: {
    targetRef: { kind: string; name: string };
    default?: { config?: { httpHealthCheck?: { port?: number; requestPath?: string } } };
  };
}

const sameNamespace = (a: K8sObject, b: K8sObject) => a.metadata.namespace === b.metadata.namespace;

function workloadsSelectedBy(objects: K8sObject[], service: Service): Workload[] {
  const selector = service.spec?.selector;
  if (selector === undefined || Object.keys(selector).length === 0) return [];
  return workloads(objects).filter(
    (workload) =>
      sameNamespace(workload.object, service) &&
      selects({ matchLabels: selector }, workload.podLabels),
  );
}

function containerServes(container: IContainer, targetPort: number | string): boolean {
  return (container.ports ?? []).some((port) =>
    typeof targetPort === 'number' ? port.containerPort === targetPort : port.name === targetPort,
  );
}

export interface HardeningOptions {
  /** Containers allowed a writable root filesystem (file sync on a local cluster). */
  mayWriteRootFilesystem?: (workload: Workload, container: IContainer) => boolean;
}

/**
 * Every workload: readiness and liveness probes, CPU and memory requests and limits, non-root,
 * no privilege escalation, all capabilities dropped, the runtime's seccomp profile, a read-only
 * root filesystem, and an image pinned to a release (our own images are tagged by skaffold).
 */
export function hardenedWorkloads(
  objects: K8sObject[],
  { mayWriteRootFilesystem = () => false }: HardeningOptions = {},
): Problems {
  const problems: Problems = [];
  for (const workload of workloads(objects)) {
    const pod = workload.pod.securityContext ?? {};
    if (pod.seccompProfile?.type !== 'RuntimeDefault') {
      problems.push(`${describe(workload.object)}: pod seccompProfile is not RuntimeDefault`);
    }
    for (const container of workload.containers) {
      const where = `${describe(workload.object)} container ${container.name}`;
      const own = container.securityContext ?? {};
      if (!container.readinessProbe) problems.push(`${where}: no readiness probe`);
      if (!container.livenessProbe) problems.push(`${where}: no liveness probe`);
      for (const bound of ['requests', 'limits'] as const) {
        for (const resource of ['cpu', 'memory']) {
          if (container.resources?.[bound]?.[resource] === undefined) {
            problems.push(`${where}: no ${resource} ${bound}`);
          }
        }
      }
      if ((own.runAsNonRoot ?? pod.runAsNonRoot) !== true) {
        problems.push(`${where}: runAsNonRoot is not true`);
      }
      if ((own.runAsUser ?? pod.runAsUser) === 0) problems.push(`${where}: runs as root (uid 0)`);
      if (own.privileged === true) problems.push(`${where}: is privileged`);
      if (own.allowPrivilegeEscalation !== false) {
        problems.push(`${where}: allowPrivilegeEscalation is not false`);
      }
      if (!own.capabilities?.drop?.includes('ALL')) {
        problems.push(`${where}: does not drop ALL capabilities`);
      }
      if (own.readOnlyRootFilesystem !== true && !mayWriteRootFilesystem(workload, container)) {
        problems.push(`${where}: root filesystem is writable`);
      }
      const image = container.image ?? '';
      if (!image.startsWith('ticketing/') && !isPinnedImage(image)) {
        problems.push(`${where}: image ${image} is not pinned to a release`);
      }
    }
  }
  return problems;
}

/** Every Service selects a workload, and each of its target ports is one that workload serves. */
export function servicesSelectWorkloads(objects: K8sObject[]): Problems {
  const problems: Problems = [];
  for (const service of ofKind<Service>(objects, 'Service')) {
    const selected = workloadsSelectedBy(objects, service);
    if (selected.length === 0) {
      problems.push(`${describe(service)} selects no workload`);
      continue;
    }
    for (const port of service.spec?.ports ?? []) {
      const target = port.targetPort ?? port.port;
      const served = selected.some((workload) =>
        workload.containers.some((container) => containerServes(container, target)),
      );
      if (!served)
        problems.push(`${describe(service)} port ${port.port}: no container serves ${target}`);
    }
  }
  return problems;
}

function servicePort(service: Service, port: number | string): boolean {
  return (service.spec?.ports ?? []).some((p) =>
    typeof port === 'number' ? p.port === port : p.name === port,
  );
}

/**
 * Every reference resolves: routes to their Gateway listener and to existing Services and ports,
 * Ingress backends, GKE health checks (to the readiness path of the workload behind the Service),
 * autoscalers to their Deployment, disruption budgets to some pods.
 */
export function referencesResolve(objects: K8sObject[]): Problems {
  const problems: Problems = [];
  const service = (from: K8sObject, name: string) =>
    ofKind<Service>(objects, 'Service').find(
      (candidate) => candidate.metadata.name === name && sameNamespace(candidate, from),
    );

  for (const route of ofKind<HTTPRoute>(objects, 'HTTPRoute')) {
    for (const parent of route.spec.parentRefs ?? []) {
      const gateway = named<Gateway>(objects, 'Gateway', parent.name);
      if (!gateway) problems.push(`${describe(route)}: no Gateway ${parent.name}`);
      else if (
        parent.sectionName !== undefined &&
        !gateway.spec.listeners.some((listener) => listener.name === parent.sectionName)
      ) {
        problems.push(
          `${describe(route)}: Gateway ${parent.name} has no listener ${parent.sectionName}`,
        );
      }
    }
    for (const backend of (route.spec.rules ?? []).flatMap((rule) => rule.backendRefs ?? [])) {
      if ((backend.kind ?? 'Service') !== 'Service') continue;
      const target = service(route, backend.name);
      if (!target) problems.push(`${describe(route)}: no Service ${backend.name}`);
      else if (backend.port === undefined || !servicePort(target, backend.port)) {
        problems.push(`${describe(route)}: Service ${backend.name} has no port ${backend.port}`);
      }
    }
  }

  for (const ingress of ofKind<K8sObject & IIngress>(objects, 'Ingress')) {
    for (const path of (ingress.spec?.rules ?? []).flatMap((rule) => rule.http?.paths ?? [])) {
      const backend = path.backend.service;
      if (!backend) continue;
      const target = service(ingress, backend.name);
      const port = backend.port?.number ?? backend.port?.name;
      if (!target) problems.push(`${describe(ingress)}: no Service ${backend.name}`);
      else if (port === undefined || !servicePort(target, port)) {
        problems.push(`${describe(ingress)}: Service ${backend.name} has no port ${port}`);
      }
    }
  }

  for (const policy of ofKind<HealthCheckPolicy>(objects, 'HealthCheckPolicy')) {
    const { targetRef } = policy.spec;
    const target = targetRef.kind === 'Service' ? service(policy, targetRef.name) : undefined;
    if (!target) {
      problems.push(`${describe(policy)}: no Service ${targetRef.name}`);
      continue;
    }
    const check = policy.spec.default?.config?.httpHealthCheck;
    const containers = workloadsSelectedBy(objects, target).flatMap((w) => w.containers);
    const matches = containers.some(
      (container) =>
        check?.port !== undefined &&
        containerServes(container, check.port) &&
        container.readinessProbe?.httpGet?.path === check.requestPath,
    );
    if (!matches) {
      problems.push(
        `${describe(policy)}: does not check the readiness endpoint behind ${targetRef.name}`,
      );
    }
  }

  for (const autoscaler of ofKind<K8sObject & IHorizontalPodAutoscaler>(
    objects,
    'HorizontalPodAutoscaler',
  )) {
    const { kind, name } = autoscaler.spec!.scaleTargetRef;
    if (!named(objects, kind, name)) problems.push(`${describe(autoscaler)}: no ${kind} ${name}`);
  }

  for (const budget of ofKind<K8sObject & IPodDisruptionBudget>(objects, 'PodDisruptionBudget')) {
    const selector = (budget.spec?.selector ?? {}) as LabelSelector;
    if (!workloads(objects).some((workload) => selects(selector, workload.podLabels))) {
      problems.push(`${describe(budget)}: selects no pods`);
    }
  }
  return problems;
}

/** The environment a container gets, resolved through the rendered ConfigMaps and Secrets. */
export interface ContainerEnvironment {
  names: Set<string>;
  /** Variables whose values come from Secrets (unknown here). */
  fromSecrets: Set<string>;
  /** Literal values (from `value` and ConfigMaps), for reading the URLs of dependencies. */
  values: Map<string, string>;
  problems: Problems;
}

export function containerEnvironment(
  objects: K8sObject[],
  workload: Workload,
  container: IContainer,
): ContainerEnvironment {
  const names = new Set<string>();
  const fromSecrets = new Set<string>();
  const values = new Map<string, string>();
  const problems: Problems = [];
  const where = `${describe(workload.object)} container ${container.name}`;
  const configMap = (name: string) => named<ConfigMap>(objects, 'ConfigMap', name);
  const secret = (name: string) => named<Secret>(objects, 'Secret', name);

  for (const source of container.envFrom ?? []) {
    if (source.configMapRef) {
      const found = configMap(source.configMapRef.name ?? '');
      if (!found) {
        if (!source.configMapRef.optional)
          problems.push(`${where}: no ConfigMap ${source.configMapRef.name}`);
        continue;
      }
      for (const [key, value] of Object.entries(found.data ?? {})) {
        names.add(key);
        values.set(key, value);
      }
    }
    if (source.secretRef) {
      // Only a rendered Secret shows its keys; take single keys (secretKeyRef) instead.
      const found = secret(source.secretRef.name ?? '');
      if (!found)
        problems.push(`${where}: envFrom Secret ${source.secretRef.name} cannot be checked`);
      else {
        for (const key of Object.keys({ ...found.data, ...found.stringData })) {
          names.add(key);
          fromSecrets.add(key);
        }
      }
    }
  }
  for (const variable of container.env ?? []) {
    const { secretKeyRef, configMapKeyRef } = variable.valueFrom ?? {};
    if (variable.value !== undefined) values.set(variable.name, variable.value);
    if (configMapKeyRef) {
      const value = configMap(configMapKeyRef.name ?? '')?.data?.[configMapKeyRef.key];
      if (value === undefined && !configMapKeyRef.optional) {
        problems.push(
          `${where}: ${variable.name} refers to missing ConfigMap key ${configMapKeyRef.name}/${configMapKeyRef.key}`,
        );
        continue;
      }
      if (value !== undefined) values.set(variable.name, value);
    }
    // A Secret created in the cluster (GKE) is not rendered; a rendered one must hold the key.
    if (secretKeyRef) {
      const found = secret(secretKeyRef.name ?? '');
      const keys = found ? Object.keys({ ...found.data, ...found.stringData }) : [];
      if (found && !keys.includes(secretKeyRef.key) && !secretKeyRef.optional) {
        problems.push(
          `${where}: ${variable.name} refers to missing Secret key ${secretKeyRef.name}/${secretKeyRef.key}`,
        );
        continue;
      }
      fromSecrets.add(variable.name);
    }
    names.add(variable.name);
  }
  return { names, fromSecrets, values, problems };
}

export interface EnvironmentExpectation {
  /** The Deployment (and its container) of the app. */
  workload: string;
  schema: ConfigSchema;
  /** Variables read by the runtime rather than the app's schema (e.g. Next.js's HOSTNAME). */
  readByRuntime?: string[];
  /** NODE_ENV when the manifests do not set it: the production image's. */
  imageNodeEnv?: string;
}

/** Stands in for a Secret's value: long enough for key-length rules. */
const secretStandIn = 'x'.repeat(64);

/**
 * The manifests give the app every variable its config schema requires, no variable the schema
 * does not know (a misspelt name would silently fall back to the default), and values the schema
 * accepts (checked with the values from ConfigMaps; Secrets' values are not known here).
 */
export function environmentMatchesSchema(
  objects: K8sObject[],
  {
    workload: name,
    schema,
    readByRuntime = [],
    imageNodeEnv = 'production',
  }: EnvironmentExpectation,
): Problems {
  const workload = workloads(objects).find((candidate) => candidate.name === name);
  const container = workload?.containers.find((candidate) => candidate.name === name);
  if (!workload || !container) return [`no workload ${name} with a container ${name}`];
  const environment = containerEnvironment(objects, workload, container);
  const known = new Set([...Object.keys(schema.shape), ...readByRuntime]);
  const env: Record<string, string> = {
    NODE_ENV: imageNodeEnv,
    ...Object.fromEntries(environment.values),
  };
  for (const key of requiredKeys(schema).filter((k) => environment.fromSecrets.has(k))) {
    env[key] = secretStandIn;
  }
  const missing = requiredKeys(schema).filter((key) => !environment.names.has(key));
  const rejected = (schema.safeParse(env).error?.issues ?? [])
    .filter((issue) => {
      const key = String(issue.path[0]);
      return !environment.fromSecrets.has(key) && !missing.includes(key);
    })
    .map(
      (issue) =>
        `${name}: ${issue.path.join('.') || '(environment)'} is rejected by its config schema: ${issue.message}`,
    );
  return [
    ...environment.problems,
    ...rejected,
    ...missing.map((key) => `${name}: ${key} is required by its config schema but not provided`),
    ...[...environment.names]
      .filter((key) => !known.has(key))
      .map((key) => `${name}: ${key} is provided but its config schema does not read it`),
  ];
}

const secretName = /(^|_)(KEY|SECRET|TOKEN|PASSWORD)$/;
const publicNames = new Set(['STRIPE_PUBLISHABLE_KEY']);

/**
 * No secret values in the manifests: Secrets carry no data (they are created in the cluster),
 * and secret-looking variables come from Secrets, never from a literal or a ConfigMap.
 */
export function noSecretValues(
  objects: K8sObject[],
  { secretsMayHoldData = false } = {},
): Problems {
  const problems: Problems = [];
  const looksSecret = (name: string) => secretName.test(name) && !publicNames.has(name);
  if (!secretsMayHoldData) {
    for (const secret of ofKind<Secret>(objects, 'Secret')) {
      if (Object.keys({ ...secret.data, ...secret.stringData }).length > 0) {
        problems.push(`${describe(secret)} carries values`);
      }
    }
  }
  for (const configMap of ofKind<ConfigMap>(objects, 'ConfigMap')) {
    for (const key of Object.keys(configMap.data ?? {}).filter(looksSecret)) {
      problems.push(`${describe(configMap)} holds ${key}, which belongs in a Secret`);
    }
  }
  for (const workload of workloads(objects)) {
    for (const container of workload.containers) {
      for (const variable of container.env ?? []) {
        if (looksSecret(variable.name) && variable.value !== undefined) {
          problems.push(`${describe(workload.object)} gives ${variable.name} a literal value`);
        }
      }
    }
  }
  return problems;
}

function hostOf(value: string): string | undefined {
  const match = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/]*@)?([a-z0-9-]+)(?:[.:/]|$)/i.exec(value);
  return match?.[1];
}

/** Which Deployments a NetworkPolicy ingress rule admits on `port` (undefined: anyone). */
function admitted(
  objects: K8sObject[],
  policy: NetworkPolicy,
  port: number,
): Set<string> | undefined {
  const names = new Set<string>();
  for (const rule of policy.spec?.ingress ?? []) {
    const onPort = !rule.ports || rule.ports.some((p) => p.port === undefined || p.port === port);
    if (!onPort) continue;
    if (!rule.from || rule.from.length === 0) return undefined;
    for (const peer of rule.from) {
      if (peer.ipBlock || peer.namespaceSelector || !peer.podSelector) return undefined;
      for (const workload of workloads(objects)) {
        if (
          workload.object.kind === 'Deployment' &&
          selects(peer.podSelector as LabelSelector, workload.podLabels)
        ) {
          names.add(workload.name);
        }
      }
    }
  }
  return names;
}

/**
 * Each data store accepts connections only from the apps configured to use it (a URL naming its
 * Service in their environment), and every stateful workload is behind a NetworkPolicy.
 */
export function dataStoresAdmitOnlyTheirClients(objects: K8sObject[]): Problems {
  const problems: Problems = [];
  const policies = ofKind<NetworkPolicy>(objects, 'NetworkPolicy');
  const policiesFor = (labels: Record<string, string>) =>
    policies.filter(
      (policy) =>
        (policy.spec?.policyTypes ?? ['Ingress']).includes('Ingress') &&
        selects((policy.spec?.podSelector ?? {}) as LabelSelector, labels),
    );

  for (const workload of workloads(objects).filter((w) => w.object.kind === 'StatefulSet')) {
    if (policiesFor(workload.podLabels).length === 0) {
      problems.push(`${describe(workload.object)} accepts connections from any pod`);
    }
  }

  const clients = new Map<string, Set<string>>();
  for (const workload of workloads(objects).filter((w) => w.object.kind === 'Deployment')) {
    for (const container of workload.containers) {
      for (const value of containerEnvironment(objects, workload, container).values.values()) {
        const host = hostOf(value);
        if (host === undefined) continue;
        if (!clients.has(host)) clients.set(host, new Set());
        clients.get(host)!.add(workload.name);
      }
    }
  }

  for (const [host, configured] of clients) {
    const service = named<Service>(objects, 'Service', host);
    if (!service) continue;
    const behind = workloadsSelectedBy(objects, service);
    const guarded = behind.flatMap((w) => policiesFor(w.podLabels));
    if (guarded.length === 0) continue;
    for (const port of service.spec?.ports ?? []) {
      const target = typeof port.targetPort === 'number' ? port.targetPort : undefined;
      const containerPort =
        target ??
        behind
          .flatMap((w) => w.containers.flatMap((c) => c.ports ?? []))
          .find((p) => p.name === (port.targetPort ?? undefined))?.containerPort ??
        port.port;
      const allowed = new Set<string>();
      for (const policy of guarded) {
        const names = admitted(objects, policy, containerPort);
        if (names === undefined) {
          problems.push(`${describe(policy)} admits any client to ${host}:${containerPort}`);
          continue;
        }
        names.forEach((name) => allowed.add(name));
      }
      for (const name of configured) {
        if (!allowed.has(name))
          problems.push(`${name} is configured to use ${host} but may not connect to it`);
      }
      for (const name of allowed) {
        if (!configured.has(name))
          problems.push(`${host} admits ${name}, which is not configured to use it`);
      }
    }
  }
  return problems;
}

/** The API part of the public routes: path prefix → `service:port`. */
export function publicApiRoutes(objects: K8sObject[]): Map<string, string> {
  const routes = new Map<string, string>();
  for (const route of ofKind<HTTPRoute>(objects, 'HTTPRoute')) {
    for (const rule of route.spec.rules ?? []) {
      const backend = rule.backendRefs?.[0];
      for (const match of rule.matches ?? []) {
        if (backend && match.path?.value?.startsWith('/api/')) {
          routes.set(match.path.value, `${backend.name}:${backend.port}`);
        }
      }
    }
  }
  return routes;
}

/** The API router's table, read from its nginx.conf in the rendered ConfigMap. */
export function apiRouterRoutes(objects: K8sObject[]): Map<string, string> {
  const configMap = ofKind<ConfigMap>(objects, 'ConfigMap').find((candidate) =>
    candidate.metadata.name.startsWith('api-router-config'),
  );
  const conf = configMap?.data?.['nginx.conf'] ?? '';
  const routes = new Map<string, string>();
  for (const [, prefix, target] of conf.matchAll(
    /location\s+(\/api\/\S+)\s*\{\s*proxy_pass\s+http:\/\/([\w.-]+:\d+);/g,
  )) {
    routes.set(prefix as string, target as string);
  }
  return routes;
}

/**
 * Production shape: every stateless app autoscaled from at least two replicas and covered by a
 * disruption budget; no Secret values; NATS clustered with a route to each of its servers.
 */
export function productionReady(objects: K8sObject[]): Problems {
  const problems: Problems = [];
  const autoscalers = ofKind<K8sObject & IHorizontalPodAutoscaler>(
    objects,
    'HorizontalPodAutoscaler',
  );
  const budgets = ofKind<K8sObject & IPodDisruptionBudget>(objects, 'PodDisruptionBudget');
  for (const workload of workloads(objects)) {
    const covered = budgets.some((budget) =>
      selects((budget.spec?.selector ?? {}) as LabelSelector, workload.podLabels),
    );
    if (workload.object.kind === 'Deployment') {
      const autoscaler = autoscalers.find((hpa) => hpa.spec?.scaleTargetRef.name === workload.name);
      if (!autoscaler) problems.push(`${describe(workload.object)} has no HorizontalPodAutoscaler`);
      else if ((autoscaler.spec?.minReplicas ?? 1) < 2) {
        problems.push(`${describe(autoscaler)} allows fewer than 2 replicas`);
      }
      if (!covered) problems.push(`${describe(workload.object)} has no PodDisruptionBudget`);
    }
  }
  const nats = workloads(objects).find((w) => w.name === 'nats');
  const replicas = (nats?.object.spec as { replicas?: number } | undefined)?.replicas ?? 1;
  if (replicas < 3) problems.push(`NATS runs ${replicas} server(s), not a cluster of 3`);
  const natsConfig = ofKind<ConfigMap>(objects, 'ConfigMap').find((c) =>
    c.metadata.name.startsWith('nats-config'),
  );
  for (let i = 0; i < replicas; i += 1) {
    if (!natsConfig?.data?.['cluster.conf']?.includes(`nats-${i}.nats-headless:6222`)) {
      problems.push(`NATS cluster.conf has no route to nats-${i}`);
    }
  }
  return problems;
}
