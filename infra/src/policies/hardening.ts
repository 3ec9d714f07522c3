import type { IContainer } from 'kubernetes-models/v1/Container';
import { isPinnedImage } from '../images';
import { describe, workloads, type K8sObject, type Workload } from '../objects';
import type { Problems } from '../problems';

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
