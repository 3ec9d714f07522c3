import {
  describe,
  ofKind,
  workloads,
  type ConfigMap,
  type K8sObject,
  type Secret,
} from '../objects';
import type { Problems } from '../problems';

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
