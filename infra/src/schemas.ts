import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { K8sObject } from './objects';

export interface SchemaProblem {
  object: string;
  problem: string;
}

/**
 * Custom resources that have no published models; policies check the fields that matter
 * (e.g. that a HealthCheckPolicy targets an existing Service).
 */
export const withoutModels = [
  'networking.gke.io/v1/HealthCheckPolicy',
  // GKE managed Prometheus: no models on npm (checked by the monitoring test).
  'monitoring.googleapis.com/v1/PodMonitoring',
  'monitoring.googleapis.com/v1/Rules',
];

/** Validates objects against the Kubernetes and Gateway API schemas (see validate-objects.mjs). */
export function validateAgainstSchemas(objects: K8sObject[]): SchemaProblem[] {
  const result = spawnSync(process.execPath, [path.join(__dirname, 'validate-objects.mjs')], {
    input: JSON.stringify({ objects, withoutModels }),
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
    timeout: 60_000,
  });
  if (result.status !== 0) throw new Error(`schema validation failed to run: ${result.stderr}`);
  return JSON.parse(result.stdout) as SchemaProblem[];
}
