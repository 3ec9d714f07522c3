import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { Gateway, HealthCheckPolicy, HTTPRoute } from '../gateway-api';
import {
  containerServes,
  describe,
  named,
  ofKind,
  sameNamespace,
  selects,
  workloads,
  workloadsSelectedBy,
  type K8sObject,
  type LabelSelector,
  type Service,
} from '../objects';
import type { Problems } from '../problems';

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
