import { describe, ofKind, type K8sObject } from '../objects';
import type { Problems } from '../problems';

const modes = ['enforce', 'warn', 'audit'] as const;

/**
 * The overlay ships the one Namespace its objects live in, and that Namespace enforces (and warns
 * and audits) the Pod Security Standard "restricted".
 */
export function namespaceEnforcesRestricted(objects: K8sObject[]): Problems {
  const problems: Problems = [];
  const namespaces = ofKind(objects, 'Namespace');
  if (namespaces.length !== 1) {
    return [`${namespaces.length} Namespace objects, not the one the overlay deploys into`];
  }
  const [namespace] = namespaces as [K8sObject];
  for (const mode of modes) {
    const level = namespace.metadata.labels?.[`pod-security.kubernetes.io/${mode}`];
    if (level !== 'restricted') {
      problems.push(
        `${describe(namespace)}: pod-security.kubernetes.io/${mode} is ${level ?? 'unset'}, not restricted`,
      );
    }
  }
  for (const object of objects) {
    if (object.kind !== 'Namespace' && object.metadata.namespace !== namespace.metadata.name) {
      problems.push(`${describe(object)} is not in Namespace ${namespace.metadata.name}`);
    }
  }
  return problems;
}
