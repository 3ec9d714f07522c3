import { describe, named, workloads, type ConfigMap, type K8sObject } from '../objects';
import type { Problems } from '../problems';
import { containerEnvironment } from './environment';

interface NatsUser {
  user: string;
  password: string;
  permissions?: { publish?: { allow?: string[] } };
}

/** What every JetStream client must publish besides its events: API requests and acknowledgements. */
const INFRASTRUCTURE = new Set(['$JS.API.>', '$JS.ACK.TICKETING.>']);

/**
 * The users of auth.conf (base/data/nats), written in NATS's JSON-compatible form: comments
 * dropped, the `$VAR` password references quoted.
 */
export function natsUsers(authConf: string): NatsUser[] {
  const body = authConf
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n')
    .replace(/^\s*authorization:\s*/, '')
    .replace(/:\s*\$(\w+)/g, ': "$$$1"');
  return (JSON.parse(body) as { users: NatsUser[] }).users;
}

/** Which app publishes the events of each subject's first token (the README's service table). */
const PUBLISHER_OF: Record<string, string> = {
  user: 'auth',
  ticket: 'tickets',
  order: 'orders',
  expiration: 'expiration',
  payment: 'payments',
};

const ownSubject = (app: string, subject: string) =>
  PUBLISHER_OF[subject.split('.')[0] ?? ''] === app && subject.includes('.');

/**
 * Every app that reaches NATS connects as its own user (NATS_USER, with NATS_PASSWORD from the
 * Secret key the server reads that user's password from), and that user may publish only the app's
 * own subjects, dead letters and the JetStream API.
 */
export function natsUsersPublishOnlyTheirOwn(objects: K8sObject[]): Problems {
  const server = workloads(objects).find((w) => w.name === 'nats');
  // The server's configuration volume (its ConfigMap's name carries kustomize's hash).
  const configMapName = server?.pod.volumes?.find((v) => v.configMap)?.configMap?.name;
  const config =
    configMapName === undefined
      ? undefined
      : named<ConfigMap>(objects, 'ConfigMap', configMapName)?.data?.['auth.conf'];
  if (config === undefined) return ["the NATS server's configuration has no auth.conf"];
  const users = natsUsers(config);
  const serverEnv = server?.containers[0]?.env ?? [];
  const problems: Problems = [];

  for (const workload of workloads(objects).filter((w) => w.object.kind === 'Deployment')) {
    for (const container of workload.containers) {
      const env = containerEnvironment(objects, workload, container);
      if (!env.names.has('NATS_URL')) continue;
      const where = `${describe(workload.object)}`;
      const userName = env.values.get('NATS_USER');
      const user = users.find((u) => u.user === userName);
      if (userName === undefined || user === undefined) {
        problems.push(`${where} reaches NATS without a user of its own in auth.conf`);
        continue;
      }
      if (userName !== workload.name) problems.push(`${where} connects as ${userName}`);
      const appKey = container.env?.find((v) => v.name === 'NATS_PASSWORD')?.valueFrom
        ?.secretKeyRef;
      const serverKey = serverEnv.find((v) => `$${v.name}` === user.password)?.valueFrom
        ?.secretKeyRef;
      if (
        appKey === undefined ||
        serverKey === undefined ||
        appKey.name !== serverKey.name ||
        appKey.key !== serverKey.key
      ) {
        problems.push(
          `${where}: NATS_PASSWORD and the server's ${user.password} are not the same Secret key`,
        );
      }
      for (const subject of user.permissions?.publish?.allow ?? []) {
        const allowed =
          INFRASTRUCTURE.has(subject) ||
          subject.startsWith('deadletter.') ||
          ownSubject(workload.name, subject);
        if (!allowed) problems.push(`NATS user ${userName} may publish ${subject}`);
      }
    }
  }
  return problems;
}
