// What check.sh asks of the cluster's state and of rendered YAML, one subcommand each. Each prints
// the problems it finds and exits 1 if there are any.
//   node inspect.mjs <subcommand> STATE.json|FILES... [args]
// STATE.json: `kubectl get <kinds> -A -o json` of the kinds the subcommand reads.
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { parseAllDocuments } from 'yaml';

const [command, ...args] = process.argv.slice(2);
const items = (file) => JSON.parse(readFileSync(file, 'utf8')).items;
const ours = (object) => object.metadata.namespace?.startsWith(prefix) ?? false;
const prefix = process.env.NAMESPACE_PREFIX ?? 'ticketing-';
const id = (o) =>
  `${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.kind}/${o.metadata.name}`;
const byKind = (all, kind) => all.filter((o) => o.kind === kind && ours(o));

/** Label-selector semantics for matchLabels (all the workloads here select so). */
const selects = (selector, labels) =>
  Object.entries(selector ?? {}).every(([key, value]) => labels?.[key] === value);

const checks = {
  /** Every pod of ours is on a node; every Deployment and StatefulSet has all its replicas ready. */
  scheduled(all) {
    const problems = [];
    for (const pod of byKind(all, 'Pod')) {
      if (!pod.spec.nodeName) {
        const why = pod.status.conditions?.find((c) => c.type === 'PodScheduled')?.message;
        problems.push(`${id(pod)} is not scheduled: ${why ?? 'no scheduling attempt yet'}`);
      }
    }
    for (const workload of [...byKind(all, 'Deployment'), ...byKind(all, 'StatefulSet')]) {
      const ready = workload.status?.readyReplicas ?? 0;
      if (ready !== workload.spec.replicas) {
        // Pods the API server refused show only as a condition of the ReplicaSet or StatefulSet.
        const refusals = [workload, ...byKind(all, 'ReplicaSet')]
          .filter(
            (o) =>
              o === workload ||
              o.metadata.ownerReferences?.some((r) => r.uid === workload.metadata.uid),
          )
          .flatMap((o) => o.status?.conditions ?? [])
          .filter((c) => c.type === 'ReplicaFailure' && c.status === 'True')
          .map((c) => `: ${c.message}`);
        problems.push(
          `${id(workload)}: ${ready} of ${workload.spec.replicas} replicas ready${refusals.join('')}`,
        );
      }
    }
    return problems;
  },

  /** Each workload (or the one named) of more than one replica has its pods in min(replicas, zones) zones. */
  zones(all, namespace, name) {
    const zoneOf = new Map(
      all
        .filter((o) => o.kind === 'Node')
        .map((n) => [n.metadata.name, n.metadata.labels['topology.kubernetes.io/zone']]),
    );
    const zoneCount = new Set(zoneOf.values()).size;
    const problems = [];
    const workloads = [...byKind(all, 'Deployment'), ...byKind(all, 'StatefulSet')].filter(
      (w) =>
        w.metadata.namespace === namespace &&
        w.spec.replicas > 1 &&
        (name === undefined || w.metadata.name === name),
    );
    if (workloads.length === 0)
      problems.push(`no workload of more than one replica in ${namespace}`);
    for (const workload of workloads) {
      const pods = byKind(all, 'Pod').filter(
        (p) =>
          p.metadata.namespace === namespace &&
          selects(workload.spec.selector.matchLabels, p.metadata.labels),
      );
      const zones = new Set(pods.map((p) => zoneOf.get(p.spec.nodeName)).filter(Boolean));
      const expected = Math.min(workload.spec.replicas, zoneCount);
      if (zones.size !== expected) {
        problems.push(
          `${id(workload)}: ${pods.length} pods in ${zones.size} zone(s) (${[...zones].join(' ')}), not ${expected}`,
        );
      }
    }
    return problems;
  },

  /** Every port of every Service of ours has a named endpoint port and a ready endpoint. */
  endpoints(all) {
    const problems = [];
    const slices = byKind(all, 'EndpointSlice');
    for (const service of byKind(all, 'Service')) {
      const own = slices.filter(
        (s) =>
          s.metadata.namespace === service.metadata.namespace &&
          s.metadata.labels?.['kubernetes.io/service-name'] === service.metadata.name,
      );
      for (const port of service.spec.ports) {
        const served = own.some(
          (s) =>
            (s.ports ?? []).some(
              (p) => p.name === (port.name ?? '') && typeof p.port === 'number',
            ) && (s.endpoints ?? []).some((e) => e.conditions?.ready === true),
        );
        if (!served) {
          problems.push(
            `${id(service)} port ${port.name ?? port.port} (target ${port.targetPort}): no ready endpoint`,
          );
        }
      }
    }
    return problems;
  },

  /**
   * Every PodDisruptionBudget counts pods and is met; every HorizontalPodAutoscaler reaches its
   * target's scale and has at least its minimum.
   */
  budgets(all) {
    const problems = [];
    for (const pdb of byKind(all, 'PodDisruptionBudget')) {
      const { expectedPods = 0, currentHealthy = 0, desiredHealthy = 0 } = pdb.status ?? {};
      if (expectedPods === 0) problems.push(`${id(pdb)} finds no pods`);
      else if (currentHealthy < desiredHealthy) {
        problems.push(
          `${id(pdb)}: ${currentHealthy} healthy, below the ${desiredHealthy} it keeps`,
        );
      }
    }
    for (const hpa of byKind(all, 'HorizontalPodAutoscaler')) {
      const able = hpa.status?.conditions?.find((c) => c.type === 'AbleToScale');
      if (able?.status !== 'True') {
        problems.push(`${id(hpa)} cannot scale its target: ${able?.message ?? 'no status yet'}`);
      } else if ((hpa.status.currentReplicas ?? 0) < hpa.spec.minReplicas) {
        problems.push(
          `${id(hpa)}: ${hpa.status.currentReplicas} replicas, below ${hpa.spec.minReplicas}`,
        );
      }
    }
    return problems;
  },

  /** Two renders hold the same objects (skaffold's and kubectl kustomize's of one overlay). */
  'same-objects'(first, second) {
    const load = (file) =>
      new Map(
        parseAllDocuments(readFileSync(file, 'utf8'))
          .map((d) => d.toJS())
          .filter((o) => o?.kind)
          .map((o) => [id(o), o]),
      );
    const [a, b] = [load(first), load(second)];
    const problems = [];
    for (const [key, object] of a) {
      if (!b.has(key)) problems.push(`${key} only in ${first}`);
      else if (!isDeepStrictEqual(object, b.get(key))) problems.push(`${key} differs`);
    }
    for (const key of b.keys()) if (!a.has(key)) problems.push(`${key} only in ${second}`);
    if (a.size === 0) problems.push(`${first} holds no object`);
    return problems;
  },

  /** Every container image of ours in a render is REPO/<app>:<tag>, each app of the list once. */
  images(file, repo, apps) {
    const images = new Set(
      parseAllDocuments(readFileSync(file, 'utf8'))
        .map((d) => d.toJS())
        .filter((o) => o?.kind === 'Deployment' || o?.kind === 'StatefulSet')
        .flatMap((o) => o.spec.template.spec.containers.map((c) => c.image)),
    );
    const problems = [];
    for (const app of apps.split(' ')) {
      const pattern = new RegExp(`^${repo.replace(/[.]/g, '\\.')}/${app}:[\\w.-]+$`);
      if (![...images].some((image) => pattern.test(image))) {
        problems.push(
          `no image ${repo}/${app}:<tag> among ${[...images].filter((i) => i.includes(app)).join(' ')}`,
        );
      }
    }
    return problems;
  },
};

const check = checks[command];
if (!check) {
  console.error(`unknown subcommand ${command}; one of ${Object.keys(checks).join(', ')}`);
  process.exit(2);
}
const [input, ...rest] = args;
const problems = ['same-objects', 'images'].includes(command)
  ? check(input, ...rest)
  : check(items(input), ...rest);
for (const problem of problems) console.log(problem);
process.exit(problems.length > 0 ? 1 : 0);
