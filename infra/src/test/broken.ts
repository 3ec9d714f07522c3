import { findKustomize, renderOverlays } from '../kustomize';
import type { K8sObject } from '../objects';

// Each policy is shown to fail on a rendered overlay with one thing broken, so a passing check
// in manifests.test.ts means the property holds rather than that the check looks elsewhere.

/** The dev and gke overlays as committed. */
export function renderPristine(): Record<'dev' | 'gke', K8sObject[]> {
  const { dev, gke } = renderOverlays(findKustomize());
  return { dev, gke };
}

/** A copy of `objects` with `change` applied to the first of that kind whose name starts so. */
export function broken(
  objects: K8sObject[],
  kind: string,
  name: string,
  change: (object: any) => void,
): K8sObject[] {
  const copy = structuredClone(objects);
  const object = copy.find((o) => o.kind === kind && o.metadata.name.startsWith(name));
  if (!object) throw new Error(`no ${kind} ${name}`);
  change(object);
  return copy;
}

export const container = (workload: any) => workload.spec.template.spec.containers[0];
