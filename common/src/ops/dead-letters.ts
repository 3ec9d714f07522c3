import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  jetstream,
  jetstreamManager,
  type JetStreamClient,
  type JetStreamManager,
  type SeqMsgRequest,
  type StoredMsg,
} from '@nats-io/jetstream';
import { allSubjects, deadLetterSubject, type Subject } from '../events/catalogue';
import { PLATFORM_STREAM } from '../bus/jetstream-bus';

const DEAD_LETTER_PREFIX = deadLetterSubject('');

/** A dead letter as the stream holds it; `id` is its sequence in the stream, stable until it is removed. */
export interface DeadLetter {
  id: number;
  /** The subject the event was published on, where a replay sends it back. */
  subject: string;
  deadLetteredAt: Date;
  /** The envelope's id when the message is an envelope at all (a poison message may not be JSON). */
  eventId: string | undefined;
  body: string;
}

/** Thrown for an operator's mistake (an unknown id, a subject that is not an event's): exit code 1, one line. */
export class OpsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OpsError';
  }
}

export interface NatsConnectionOptions {
  url: string;
  user?: string | undefined;
  password?: string | undefined;
}

/** The dead letters of the platform's JetStream stream: listed, shown, replayed, dropped. */
export class DeadLetters {
  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
  ) {}

  static async connect(options: NatsConnectionOptions): Promise<DeadLetters> {
    const nc = await connect({
      servers: options.url,
      user: options.user,
      pass: options.password,
      name: 'ticketing-ops',
    });
    return new DeadLetters(nc, jetstream(nc), await jetstreamManager(nc));
  }

  /** Oldest first; at most `limit`, so a flooded dead-letter subject cannot hang the command. */
  async list(subject?: string, limit = 1_000): Promise<DeadLetter[]> {
    if (subject !== undefined) checkSubject(subject);
    const filter = deadLetterSubject(subject ?? '>');
    const letters: DeadLetter[] = [];
    let next = 1;
    while (letters.length < limit) {
      const msg = await this.jsm.streams.getMessage(
        PLATFORM_STREAM.name,
        nextMatching(next, filter),
      );
      if (msg === null) break;
      letters.push(toDeadLetter(msg));
      next = msg.seq + 1;
    }
    return letters;
  }

  async show(id: number): Promise<DeadLetter> {
    const msg = await this.jsm.streams.getMessage(PLATFORM_STREAM.name, { seq: id });
    if (msg === null || !msg.subject.startsWith(DEAD_LETTER_PREFIX)) {
      throw new OpsError(`no dead letter ${id}`);
    }
    return toDeadLetter(msg);
  }

  /**
   * Publishes the dead letter's bytes unchanged (same envelope id, so idempotent consumers recognise
   * an event they did apply) on its original subject, then removes it. The publish carries a
   * Nats-Msg-Id of its own, derived from the dead letter's sequence: the envelope id would be dropped
   * by the server's duplicate window if the original was published less than two minutes ago, and
   * this one still makes a replay that is repeated (its removal failed) a duplicate within the window.
   */
  async replay(id: number): Promise<DeadLetter> {
    const letter = await this.show(id);
    checkSubject(letter.subject);
    await this.js.publish(letter.subject, Buffer.from(letter.body), {
      msgID: `replay:${PLATFORM_STREAM.name}:${id}`,
    });
    try {
      await this.jsm.streams.deleteMessage(PLATFORM_STREAM.name, id, false);
    } catch (err) {
      // Published but kept: the safe side (consumers are idempotent), and the operator must know.
      const reason = err instanceof Error ? err.message : String(err);
      throw new OpsError(`replayed dead letter ${id} but could not remove it: ${reason}`);
    }
    return letter;
  }

  /** Replays every dead letter of a subject, oldest first, so consumers see them in their order. */
  async replayAll(subject: string): Promise<DeadLetter[]> {
    const replayed: DeadLetter[] = [];
    for (const letter of await this.list(subject)) replayed.push(await this.replay(letter.id));
    return replayed;
  }

  async drop(id: number): Promise<DeadLetter> {
    const letter = await this.show(id);
    await this.jsm.streams.deleteMessage(PLATFORM_STREAM.name, id, false);
    return letter;
  }

  async close(): Promise<void> {
    await this.nc.close();
  }
}

/**
 * The server's message-get API takes `next_by_subj` (the first message at or after `seq` on the
 * subject), without the stream needing direct gets; the client types it for direct gets only.
 */
const nextMatching = (seq: number, subject: string) =>
  ({ seq, next_by_subj: subject }) as SeqMsgRequest;

function checkSubject(subject: string): asserts subject is Subject {
  if (!(allSubjects as readonly string[]).includes(subject)) {
    throw new OpsError(`${subject} is not an event subject (one of ${allSubjects.join(', ')})`);
  }
}

function toDeadLetter(msg: StoredMsg): DeadLetter {
  const body = msg.string();
  let eventId: string | undefined;
  try {
    const id: unknown = JSON.parse(body)?.id;
    if (typeof id === 'string') eventId = id;
  } catch {
    // not JSON: a poison message shown as it is
  }
  return {
    id: msg.seq,
    subject: msg.subject.slice(DEAD_LETTER_PREFIX.length),
    deadLetteredAt: msg.time,
    eventId,
    body,
  };
}
