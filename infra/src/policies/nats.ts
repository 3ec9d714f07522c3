import { describe, named, workloads, type ConfigMap, type K8sObject } from '../objects';
import type { Problems } from '../problems';
import { containerEnvironment } from './environment';

interface NatsUser {
  user: string;
  password: string;
  permissions?: { publish?: { allow?: string[]; deny?: string[] } };
}

/**
 * The JetStream API every service's bus calls besides its consumers' (common/src/bus/jetstream-bus.ts):
 * account and stream info, ensuring the stream at start, reading single messages (npm run ops list
 * and show).
 */
const STREAM_API = new Set([
  '$JS.API.INFO',
  '$JS.API.STREAM.INFO.TICKETING',
  '$JS.API.STREAM.CREATE.TICKETING',
  '$JS.API.STREAM.UPDATE.TICKETING',
  '$JS.API.STREAM.MSG.GET.TICKETING',
]);

/**
 * The consumer a subject acts on: creating it on one filter subject, describing, pulling from or
 * deleting it, or acknowledging its messages. Undefined for any other JetStream subject, and for a
 * creation whose filter is a wildcard or an acknowledgement of any consumer.
 */
function consumerOf(subject: string): string | undefined {
  const match =
    /^\$JS\.API\.CONSUMER\.CREATE\.TICKETING\.([^.]+)\.[^*>]+$/.exec(subject) ??
    /^\$JS\.API\.CONSUMER\.(?:INFO|MSG\.NEXT|DELETE)\.TICKETING\.([^.]+)$/.exec(subject) ??
    /^\$JS\.ACK\.TICKETING\.([^.*>]+)\.>$/.exec(subject);
  return match?.[1];
}

/** A user's own consumers are its durables, named after it (durableName: <service>_<subject>). */
const ownsConsumer = (user: string, consumer: string) => consumer.startsWith(`${user}_`);

/** Whether a subject pattern (tokens, `*` one, `>` the rest) matches a subject. */
function matches(pattern: string, subject: string): boolean {
  const patternTokens = pattern.split('.');
  const subjectTokens = subject.split('.');
  for (const [i, token] of patternTokens.entries()) {
    if (token === '>') return subjectTokens.length > i;
    if (i >= subjectTokens.length || (token !== '*' && token !== subjectTokens[i])) return false;
  }
  return patternTokens.length === subjectTokens.length;
}

/**
 * Why a user may publish a JetStream subject it should not, if it may: the stream API, its own
 * consumers, and any consumer by a generated name (`*`, an ephemeral one's) as long as every other
 * user's durables are denied by name.
 */
function jetStreamProblem(user: NatsUser, subject: string, users: NatsUser[]): string | undefined {
  if (STREAM_API.has(subject)) return undefined;
  const consumer = consumerOf(subject);
  if (consumer === undefined) return `NATS user ${user.user} may publish ${subject}`;
  if (ownsConsumer(user.user, consumer)) return undefined;
  if (consumer !== '*') {
    return `NATS user ${user.user} may publish ${subject} (another user's consumer)`;
  }
  const denied = user.permissions?.publish?.deny ?? [];
  const tokens = subject.split('.');
  const nameAt = tokens.indexOf('TICKETING') + 1;
  const undenied = users
    .filter((other) => other.user !== user.user)
    .flatMap((other) =>
      (other.permissions?.publish?.allow ?? [])
        .map(consumerOf)
        .filter((name): name is string => name !== undefined && ownsConsumer(other.user, name)),
    )
    .map((durable) => tokens.map((token, i) => (i === nameAt ? durable : token)).join('.'))
    .filter((concrete) => !denied.some((deny) => matches(deny, concrete)));
  return undenied.length === 0
    ? undefined
    : `NATS user ${user.user} may publish ${[...new Set(undenied)].join(', ')} (another user's consumer)`;
}

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
 * own subjects, dead letters, and the JetStream API for the stream and its own consumers (for an
 * ephemeral consumer, any consumer but the other users' durables).
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
        if (subject.startsWith('$JS.')) {
          const problem = jetStreamProblem(user, subject, users);
          if (problem !== undefined) problems.push(problem);
        } else if (!subject.startsWith('deadletter.') && !ownSubject(workload.name, subject)) {
          problems.push(`NATS user ${userName} may publish ${subject}`);
        }
      }
    }
  }
  return problems;
}
