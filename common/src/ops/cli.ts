import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ConfigError, loadConfig } from '../config/load-config';
import { eventBusConfigShape, mongoConfigShape } from '../config/service-config';
import { DeadLetters, OpsError, type DeadLetter } from './dead-letters';
import { outboxStatus } from './outbox-status';

export const USAGE = `Usage: npm run ops -- <command>
  deadletters list [--subject S]     the dead letters, oldest first (of one subject with --subject)
  deadletters show ID                one dead letter: its subject, when, and the message
  deadletters replay ID              republishes it on its subject (same event id), then removes it
  deadletters replay --subject S     replays the dead letters of S, oldest first (1,000 a run)
  deadletters drop ID                removes it
  outbox status [MONGO_URI ...]      pending events and the oldest one's age, per database
                                     (a URI without a database: every database on that server;
                                     none: MONGO_URI from the environment)
Environment: NATS_URL, NATS_USER, NATS_PASSWORD, EVENT_BUS as the services take them.`;

const natsConfigSchema = z.object({
  EVENT_BUS: eventBusConfigShape.EVENT_BUS,
  NATS_URL: eventBusConfigShape.NATS_URL,
  NATS_USER: eventBusConfigShape.NATS_USER,
  NATS_PASSWORD: eventBusConfigShape.NATS_PASSWORD,
});

/** Exit codes: 0 done, 1 the operation failed (an unknown id, a server unreachable), 2 a usage error. */
export async function runOps(
  argv: string[],
  env: NodeJS.ProcessEnv,
  print: (line: string) => void,
  /** Usage and failures: stderr, so what a command prints (show's JSON) can be piped. */
  printError: (line: string) => void = print,
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { subject: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (err) {
    printError(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [area, command, ...rest] = positionals;
  if (values.help) {
    print(USAGE);
    return 0;
  }
  try {
    if (area === 'outbox' && command === 'status' && values.subject === undefined) {
      return await printOutboxStatus(rest, env, print);
    }
    if (area === 'deadletters') {
      const operation = deadLetterOperation(command, rest, values.subject);
      if (operation === undefined) {
        printError(USAGE);
        return 2;
      }
      return await withDeadLetters(env, async (letters) => {
        await operation(letters, print);
        return 0;
      });
    }
    printError(USAGE);
    return 2;
  } catch (err) {
    if (err instanceof OpsError || err instanceof ConfigError) {
      printError(err.message);
      return 1;
    }
    printError(`failed: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

const LIST_LIMIT = 1_000;

type Operation = (letters: DeadLetters, print: (line: string) => void) => Promise<void>;

function deadLetterOperation(
  command: string | undefined,
  rest: string[],
  subject: string | undefined,
): Operation | undefined {
  const id = rest.length === 1 && /^[1-9]\d*$/.test(rest[0]!) ? Number(rest[0]) : undefined;
  const oneId = rest.length === 1 && subject === undefined && id !== undefined;
  switch (command) {
    case 'list':
      if (rest.length > 0) return undefined;
      return async (letters, print) => {
        const found = await letters.list(subject, LIST_LIMIT);
        for (const letter of found) print(summary(letter));
        print(
          found.length === LIST_LIMIT
            ? `the first ${LIST_LIMIT} dead letters; replay or drop some to see the rest`
            : `${found.length} dead letter${found.length === 1 ? '' : 's'}`,
        );
      };
    case 'show':
      if (!oneId) return undefined;
      return async (letters, print) =>
        print(JSON.stringify(details(await letters.show(id)), null, 2));
    case 'replay':
      if (oneId)
        return async (letters, print) => print(`replayed ${summary(await letters.replay(id))}`);
      if (rest.length > 0 || subject === undefined) return undefined;
      return async (letters, print) => {
        const replayed = await letters.replayAll(subject);
        for (const letter of replayed) print(`replayed ${summary(letter)}`);
        print(`${replayed.length} replayed`);
      };
    case 'drop':
      if (!oneId) return undefined;
      return async (letters, print) => print(`dropped ${summary(await letters.drop(id))}`);
    default:
      return undefined;
  }
}

async function withDeadLetters(
  env: NodeJS.ProcessEnv,
  run: (letters: DeadLetters) => Promise<number>,
): Promise<number> {
  const config = loadConfig(natsConfigSchema, env);
  if (config.EVENT_BUS === 'stan') {
    // NATS Streaming cannot delete a message from a channel, so a replayed dead letter would stay
    // there to be replayed again; its dead letters are read with a subscription of one's own.
    throw new OpsError(
      'the dead-letter commands need JetStream (EVENT_BUS=stan cannot remove a message)',
    );
  }
  const letters = await DeadLetters.connect({
    url: config.NATS_URL,
    user: config.NATS_USER,
    password: config.NATS_PASSWORD,
  });
  try {
    return await run(letters);
  } finally {
    await letters.close();
  }
}

async function printOutboxStatus(
  uris: string[],
  env: NodeJS.ProcessEnv,
  print: (line: string) => void,
): Promise<number> {
  const sources = uris.length > 0 ? uris : [loadConfig(z.object(mongoConfigShape), env).MONGO_URI];
  for (const uri of sources) {
    if (!mongoConfigShape.MONGO_URI.safeParse(uri).success)
      throw new OpsError(`${uri} is not a mongodb:// URI`);
  }
  for (const status of await outboxStatus(sources)) {
    const oldest =
      status.oldestAgeSeconds === undefined ? '-' : `${status.oldestAgeSeconds.toFixed(1)} s`;
    print(
      `${status.database.padEnd(12)} pending ${String(status.pendingEvents).padStart(5)} events in ${status.documents} documents, oldest ${oldest}`,
    );
  }
  return 0;
}

const summary = (letter: DeadLetter) =>
  `${String(letter.id).padStart(6)}  ${letter.deadLetteredAt.toISOString()}  ${letter.subject.padEnd(20)} ${letter.eventId ?? '(not an envelope)'}`;

function details(letter: DeadLetter) {
  let message: unknown = letter.body;
  try {
    message = JSON.parse(letter.body);
  } catch {
    // shown as text
  }
  return {
    id: letter.id,
    subject: letter.subject,
    deadLetteredAt: letter.deadLetteredAt.toISOString(),
    message,
  };
}

if (require.main === module) {
  void runOps(
    process.argv.slice(2),
    process.env,
    (line) => process.stdout.write(`${line}\n`),
    (line) => process.stderr.write(`${line}\n`),
  ).then((code) => {
    process.exitCode = code;
  });
}
