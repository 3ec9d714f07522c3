import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { ITopologySpreadConstraint } from 'kubernetes-models/v1/TopologySpreadConstraint';
import {
  describe,
  ofKind,
  selects,
  workloads,
  type K8sObject,
  type LabelSelector,
  type Workload,
} from '../objects';
import type { Problems } from '../problems';

const ZONE = 'topology.kubernetes.io/zone';
const NODE = 'kubernetes.io/hostname';

/** The selector the scheduler uses for a pod: labelSelector plus its matchLabelKeys' values. */
function effectiveSelector(
  constraint: ITopologySpreadConstraint,
  podLabels: Record<string, string>,
): LabelSelector {
  const selector = (constraint.labelSelector ?? {}) as LabelSelector;
  const fromKeys = Object.fromEntries(
    (constraint.matchLabelKeys ?? []).map((key) => [key, podLabels[key] ?? '']),
  );
  return { ...selector, matchLabels: { ...selector.matchLabels, ...fromKeys } };
}

/** Whether a selector counts exactly this workload's pods among all of them. */
function countsOwnPods(selector: LabelSelector, workload: Workload, all: Workload[]): boolean {
  return all.every((other) => selects(selector, other.podLabels) === (other === workload));
}

function spreadsOver(workload: Workload, all: Workload[], key: string, strict: boolean): boolean {
  const spread = (workload.pod.topologySpreadConstraints ?? []).some(
    (constraint) =>
      constraint.topologyKey === key &&
      constraint.maxSkew === 1 &&
      (!strict || constraint.whenUnsatisfiable === 'DoNotSchedule') &&
      countsOwnPods(effectiveSelector(constraint, workload.podLabels), workload, all),
  );
  const apart = (
    workload.pod.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []
  ).some(
    (term) =>
      term.topologyKey === key &&
      countsOwnPods((term.labelSelector ?? {}) as LabelSelector, workload, all),
  );
  return spread || apart;
}

/** How many pods a workload starts with: its replicas, or at least its autoscaler's minimum. */
function startingReplicas(workload: Workload, objects: K8sObject[]): number {
  const replicas = (workload.object.spec as { replicas?: number }).replicas ?? 1;
  const autoscaler = ofKind<K8sObject & IHorizontalPodAutoscaler>(
    objects,
    'HorizontalPodAutoscaler',
  ).find((hpa) => hpa.spec?.scaleTargetRef.name === workload.name);
  return Math.max(replicas, autoscaler?.spec?.minReplicas ?? 1);
}

/** Keys in both matchLabelKeys and labelSelector: the API server refuses the pods (not the workload). */
function overlappingKeys(constraint: ITopologySpreadConstraint): string[] {
  const selector = (constraint.labelSelector ?? {}) as LabelSelector;
  const selected = [
    ...Object.keys(selector.matchLabels ?? {}),
    ...(selector.matchExpressions ?? []).map((expression) => expression.key),
  ];
  return (constraint.matchLabelKeys ?? []).filter((key) => selected.includes(key));
}

/**
 * Every workload that runs more than one pod spreads them over zones (strictly: one zone never
 * holds two more than another) and over nodes, each rule counting that workload's pods only; no
 * rule names a key both in matchLabelKeys and in its labelSelector.
 */
export function replicasSpread(objects: K8sObject[]): Problems {
  const all = workloads(objects);
  const problems: Problems = [];
  for (const workload of all) {
    for (const constraint of workload.pod.topologySpreadConstraints ?? []) {
      for (const key of overlappingKeys(constraint)) {
        problems.push(
          `${describe(workload.object)}: ${constraint.topologyKey} rule has ${key} in both matchLabelKeys and labelSelector`,
        );
      }
    }
    if (startingReplicas(workload, objects) < 2) continue;
    if (!spreadsOver(workload, all, ZONE, true)) {
      problems.push(`${describe(workload.object)}: replicas are not spread over zones`);
    }
    if (!spreadsOver(workload, all, NODE, false)) {
      problems.push(`${describe(workload.object)}: replicas are not spread over nodes`);
    }
  }
  return problems;
}
