import { randomUUID } from 'node:crypto';
import { connect as connectNats } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { createEnvelope, encodeEnvelope, type EventEnvelope } from '../events/envelope';
import { Subjects, type PaymentCreatedData } from '../events/catalogue';
import { Listener, type ReceivedEvent } from '../bus/listener';
import type { EventBus } from '../bus/event-bus';
import { busConfig, closeAll, connectBus, uniqueServiceName } from '../bus/test/bus-fixtures';
import { waitFor } from '../testing/wait-for';
import { DeadLetters } from './dead-letters';
import { runOps } from './cli';

// payment.created: no other test of common's suite dead-letters it, so replaying a whole subject
// touches only this file's events.
const subject = Subjects.PaymentCreated;

class PaymentListener extends Listener<typeof subject> {
  readonly subject = subject;
  readonly applied: string[] = [];

  constructor(private readonly broken: boolean) {
    super();
  }

  async onMessage(data: PaymentCreatedData, event: ReceivedEvent<typeof subject>): Promise<void> {
    if (this.broken && data.stripeId === 'poison') throw new Error('a bug in the handler');
    this.applied.push(event.id);
  }
}

const payment = (stripeId = 'ch_ok'): EventEnvelope<typeof subject> =>
  createEnvelope(subject, { id: randomUUID(), orderId: randomUUID(), stripeId });

const env = () => ({ NATS_URL: busConfig('jetstream').NATS_URL });

async function ops(...argv: string[]): Promise<{ code: number; output: string }> {
  const lines: string[] = [];
  const code = await runOps(argv, env(), (line) => lines.push(line));
  return { code, output: lines.join('\n') };
}

describe('npm run ops -- deadletters, on JetStream', () => {
  let buses: EventBus[] = [];
  let letters: DeadLetters;

  beforeAll(async () => {
    letters = await DeadLetters.connect({ url: busConfig('jetstream').NATS_URL });
  });
  afterAll(() => letters.close());
  afterEach(async () => {
    await closeAll(...buses);
    buses = [];
  });

  const open = async (serviceName: string, listener?: PaymentListener) => {
    const bus = await connectBus('jetstream', {}, serviceName);
    buses.push(bus);
    if (listener) await bus.listen(listener);
    return bus;
  };

  /** Publishes events that the service's broken listener fails on until they are dead-lettered. */
  async function deadLettered(serviceName: string, events: EventEnvelope<typeof subject>[]) {
    const broken = new PaymentListener(true);
    const bus = await open(serviceName, broken);
    for (const event of events) await bus.publish(event);
    const found = await waitFor(
      async () => {
        const all = await letters.list(subject);
        const mine = events.map((e) => all.find((letter) => letter.eventId === e.id));
        return mine.every((letter) => letter !== undefined) && mine.map((l) => l!.id);
      },
      { what: 'the events to be dead-lettered' },
    );
    await closeAll(bus);
    buses = buses.filter((b) => b !== bus);
    return found;
  }

  it('when a poison event is dead-lettered, the listener fixed and the dead letter replayed within the duplicate window of its publish, then the fixed listener applies it once with its original event id, and the dead letter is gone', async () => {
    const serviceName = uniqueServiceName();
    const poison = payment('poison');
    const [id] = await deadLettered(serviceName, [poison]);

    const fixed = new PaymentListener(false);
    const bus = await open(serviceName, fixed);
    const replay = await ops('deadletters', 'replay', String(id));

    expect(replay).toEqual({ code: 0, output: expect.stringContaining(`replayed`) });
    await waitFor(() => fixed.applied.includes(poison.id), { what: 'the replayed event applied' });
    // An event published after the replay is delivered after it: once it is applied, a second copy
    // of the replay would have been too.
    const marker = payment();
    await bus.publish(marker);
    await waitFor(() => fixed.applied.includes(marker.id), { what: 'the marker applied' });
    expect(fixed.applied.filter((applied) => applied === poison.id)).toHaveLength(1);
    expect((await letters.list(subject)).map((letter) => letter.id)).not.toContain(id);
    expect(await ops('deadletters', 'replay', String(id))).toEqual({
      code: 1,
      output: `no dead letter ${id}`,
    });
  });

  it('when dead letters are listed, shown and one dropped, then list and show describe each by its stream sequence and drop removes only that one', async () => {
    const first = payment('poison');
    const second = payment('poison');
    const [firstId, secondId] = await deadLettered(uniqueServiceName(), [first, second]);

    const listed = await ops('deadletters', 'list', '--subject', subject);
    expect(listed.code).toBe(0);
    expect(listed.output).toMatch(
      new RegExp(`^\\s*${firstId}\\s+\\S+\\s+${subject}\\s+${first.id}$`, 'm'),
    );
    expect(listed.output).toMatch(
      new RegExp(`^\\s*${secondId}\\s+\\S+\\s+${subject}\\s+${second.id}$`, 'm'),
    );

    const shown = await ops('deadletters', 'show', String(firstId));
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.output)).toEqual({
      id: firstId,
      subject,
      deadLetteredAt: expect.any(String),
      message: first,
    });

    expect(await ops('deadletters', 'drop', String(firstId))).toEqual({
      code: 0,
      output: expect.stringContaining(first.id),
    });
    const remaining = (await letters.list(subject)).map((letter) => letter.id);
    expect(remaining).not.toContain(firstId);
    expect(remaining).toContain(secondId);
  });

  it('when every dead letter of a subject is replayed, then the fixed listener applies each once, in the order they were dead-lettered', async () => {
    const serviceName = uniqueServiceName();
    const events = [payment('poison'), payment('poison'), payment('poison')];
    await deadLettered(serviceName, events);

    const fixed = new PaymentListener(false);
    await open(serviceName, fixed);
    const replayed = await ops('deadletters', 'replay', '--subject', subject);

    expect(replayed.code).toBe(0);
    await waitFor(() => events.every((e) => fixed.applied.includes(e.id)), {
      what: 'every replayed event applied',
    });
    const mine = fixed.applied.filter((applied) => events.some((e) => e.id === applied));
    expect(mine).toEqual(events.map((e) => e.id));
    expect(await letters.list(subject)).toEqual([]);
  });

  it('when an id is not a dead letter, a subject not an event subject, the command malformed or the bus NATS Streaming, then it says so and exits non-zero', async () => {
    const nc = await connectNats({ servers: busConfig('jetstream').NATS_URL });
    const event = payment();
    const { seq } = await jetstream(nc).publish(subject, encodeEnvelope(event), {
      msgID: event.id,
    });
    await nc.close();

    expect(await ops('deadletters', 'show', String(seq))).toEqual({
      code: 1,
      output: `no dead letter ${seq}`,
    });
    expect(await ops('deadletters', 'show', '999999999')).toEqual({
      code: 1,
      output: 'no dead letter 999999999',
    });
    expect(await ops('deadletters', 'list', '--subject', 'nope.created')).toEqual({
      code: 1,
      output: expect.stringContaining('nope.created is not an event subject'),
    });
    expect((await ops('deadletters', 'drop', 'abc')).code).toBe(2);
    expect((await ops('deadletters', 'replay')).code).toBe(2);
    expect((await ops('deadletters')).code).toBe(2);
    const lines: string[] = [];
    const stan = { ...env(), EVENT_BUS: 'stan' };
    expect(await runOps(['deadletters', 'list'], stan, (line) => lines.push(line))).toBe(1);
    expect(lines).toEqual([expect.stringContaining('need JetStream')]);
  });
});
