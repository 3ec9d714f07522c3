import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { ISecret } from 'kubernetes-models/v1/Secret';
import type { IService } from 'kubernetes-models/v1/Service';

/** A rendered Kubernetes object, as kustomize prints it. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [field: string]: unknown;
}

export type Service = K8sObject & IService;
export type ConfigMap = K8sObject & IConfigMap;
export type Secret = K8sObject & ISecret;

export const describe = (object: K8sObject) => `${object.kind}/${object.metadata.name}`;

export function ofKind<T extends K8sObject = K8sObject>(objects: K8sObject[], kind: string): T[] {
  return objects.filter((object) => object.kind === kind) as T[];
}

export function named<T extends K8sObject = K8sObject>(
  objects: K8sObject[],
  kind: string,
  name: string,
): T | undefined {
  return ofKind<T>(objects, kind).find((object) => object.metadata.name === name);
}

/** A Deployment or StatefulSet: what runs pods. */
export interface Workload {
  object: K8sObject;
  name: string;
  podLabels: Record<string, string>;
  pod: IPodSpec;
  containers: IContainer[];
}

export function workloads(objects: K8sObject[]): Workload[] {
  return objects
    .filter((object) => object.kind === 'Deployment' || object.kind === 'StatefulSet')
    .map((object) => {
      const template = (
        object.spec as {
          template: { metadata?: { labels?: Record<string, string> }; spec: IPodSpec };
        }
      ).template;
      return {
        object,
        name: object.metadata.name,
        podLabels: template.metadata?.labels ?? {},
        pod: template.spec,
        containers: template.spec.containers,
      };
    });
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** Kubernetes label-selector semantics; an empty selector selects everything. */
export function selects(selector: LabelSelector, labels: Record<string, string>): boolean {
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(
    ([key, value]) => labels[key] === value,
  );
  const byExpressions = (selector.matchExpressions ?? []).every(
    ({ key, operator, values = [] }) => {
      switch (operator) {
        case 'In':
          return key in labels && values.includes(labels[key] as string);
        case 'NotIn':
          return !(key in labels) || !values.includes(labels[key] as string);
        case 'Exists':
          return key in labels;
        case 'DoesNotExist':
          return !(key in labels);
        default:
          throw new Error(`unknown label selector operator ${operator}`);
      }
    },
  );
  return byLabels && byExpressions;
}

export const sameNamespace = (a: K8sObject, b: K8sObject) =>
  a.metadata.namespace === b.metadata.namespace;

/** The workloads whose pods a Service selects. */
export function workloadsSelectedBy(objects: K8sObject[], service: Service): Workload[] {
  const selector = service.spec?.selector;
  if (selector === undefined || Object.keys(selector).length === 0) return [];
  return workloads(objects).filter(
    (workload) =>
      sameNamespace(workload.object, service) &&
      selects({ matchLabels: selector }, workload.podLabels),
  );
}

/** Whether a container listens on a Service's target port (a number or a port name). */
export function containerServes(container: IContainer, targetPort: number | string): boolean {
  return (container.ports ?? []).some((port) =>
    typeof targetPort === 'number' ? port.containerPort === targetPort : port.name === targetPort,
  );
}
