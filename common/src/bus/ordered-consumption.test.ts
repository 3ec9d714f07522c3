import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createEnvelope } from '../events/envelope';
import { Subjects } from '../events/catalogue';
import { waitFor } from '../testing/wait-for';
import type { EventBus } from './event-bus';
import { orderingKeyOf } from './ordered-consumption';
import {
  closeAll,
  connectBus,
  RecordingListener,
  ticketData,
  type Driver,
} from './test/bus-fixtures';

/** The events of one ticket: versions 0, 1, 2, … of the same aggregate. */
const versionsOf = (ticketId: string, count: number) =>
  Array.from({ length: count }, (_, version) =>
    createEnvelope(Subjects.TicketCreated, ticketData({ id: ticketId, version })),
  );

describe.each<Driver>(['jetstream', 'stan'])('the %s bus consuming side by side', (driver) => {
  let buses: EventBus[] = [];
  const open = async (overrides = {}) => {
    const bus = await connectBus(driver, overrides);
    buses.push(bus);
    return bus;
  };
  afterEach(async () => {
    await closeAll(...buses);
    buses = [];
  });

  it('when a ticket’s event is being handled, then another ticket’s event is handled meanwhile and the same ticket’s next event waits for it', async () => {
    const [ticketA, ticketB] = [randomUUID(), randomUUID()];
    const [a0, a1] = versionsOf(ticketA, 2);
    const [b0] = versionsOf(ticketB, 1);
    const log: string[] = [];
    let releaseA0!: () => void;
    const a0Gate = new Promise<void>((resolve) => (releaseA0 = resolve));
    const listener = new RecordingListener(async (data) => {
      if (data.id !== ticketA && data.id !== ticketB) return;
      const name = `${data.id === ticketA ? 'a' : 'b'}${data.version}`;
      log.push(`start ${name}`);
      if (name === 'a0') await a0Gate;
      log.push(`end ${name}`);
    });
    const bus = await open();
    await bus.listen(listener);

    for (const envelope of [a0!, a1!, b0!]) await bus.publish(envelope);

    await waitFor(() => log.includes('end b0'), { what: 'b0 handled while a0 is held' });
    expect(log).not.toContain('start a1');
    releaseA0();
    await waitFor(() => log.includes('end a1'), { what: 'a1 handled after a0' });
    expect(log.filter((line) => / a\d/.test(line))).toEqual([
      'start a0',
      'end a0',
      'start a1',
      'end a1',
    ]);
  });

  it('when many tickets’ events arrive interleaved, then each ticket’s versions are handled in order, several tickets at once, never more than the concurrency', async () => {
    const tickets: string[] = Array.from({ length: 6 }, () => randomUUID());
    const perTicket = tickets.map((id) => versionsOf(id, 8));
    // Interleaved as busy producers would publish them: v0 of every ticket, then v1, …
    const published = perTicket[0]!.flatMap((_, version) => perTicket.map((v) => v[version]!));
    const ours = new Set<string>(tickets);
    let handling = 0;
    let mostAtOnce = 0;
    const listener = new RecordingListener(async (data) => {
      if (!ours.has(data.id)) return;
      handling += 1;
      mostAtOnce = Math.max(mostAtOnce, handling);
      // Work of uneven length, as database writes take: a later event would overtake an earlier one.
      await sleep(((data.version * 7 + tickets.indexOf(data.id) * 3) % 5) * 2);
      handling -= 1;
    });
    const bus = await open({ EVENT_CONCURRENCY: 3 });
    await bus.listen(listener);

    await Promise.all(published.map((envelope) => bus.publish(envelope)));

    await waitFor(() => listener.handledOf(tickets).length === published.length, {
      timeoutMs: 20_000,
      what: 'every event handled',
    });
    for (const id of tickets) {
      const versions = listener.handledOf([id]).map((h) => h.data.version);
      expect(versions).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    }
    expect(mostAtOnce).toBe(3);
  });
});

describe('the ordering key of a message', () => {
  const bytes = (value: unknown) => Buffer.from(JSON.stringify(value));

  it('when the message is an event, then its key is the aggregate the subject is about', () => {
    const order = createEnvelope(Subjects.PaymentCreated, {
      id: 'payment-1',
      orderId: 'order-7',
      stripeId: 'ch_1',
    });

    expect(orderingKeyOf(Subjects.PaymentCreated, bytes(order), 'own')).toBe('aggregate:order-7');
  });

  it('when the message is not JSON or lacks its aggregate, then it gets a key of its own', () => {
    expect(orderingKeyOf(Subjects.TicketCreated, Buffer.from('not json'), 'own-1')).toBe('own-1');
    expect(orderingKeyOf(Subjects.TicketCreated, bytes({ data: {} }), 'own-2')).toBe('own-2');
    expect(orderingKeyOf(Subjects.TicketCreated, bytes({}), 'own-3')).toBe('own-3');
  });
});
