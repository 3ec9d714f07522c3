import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import {
  describe,
  ofKind,
  selects,
  workloads,
  type ConfigMap,
  type K8sObject,
  type LabelSelector,
} from '../objects';
import type { Problems } from '../problems';

/**
 * Production shape: every stateless app autoscaled from at least two replicas, started at its
 * autoscaler's minimum and covered by a disruption budget; no Secret values; NATS clustered with a route to each of its servers.
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
      } else if (
        ((workload.object.spec as { replicas?: number }).replicas ?? 1) <
        (autoscaler.spec?.minReplicas ?? 1)
      ) {
        problems.push(`${describe(workload.object)} starts below its autoscaler's minimum`);
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
