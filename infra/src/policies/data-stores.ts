import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import {
  describe,
  named,
  ofKind,
  selects,
  workloads,
  workloadsSelectedBy,
  type K8sObject,
  type LabelSelector,
  type Service,
} from '../objects';
import type { Problems } from '../problems';
import { containerEnvironment } from './environment';

type NetworkPolicy = K8sObject & INetworkPolicy;

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
