import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mongoose, { Schema, type Connection, type HydratedDocument, type Model } from 'mongoose';
import { Subjects } from '../events/catalogue';
import { createEnvelope } from '../events/envelope';
import { connectEventBus } from '../bus/create-event-bus';
import type { EventBus } from '../bus/event-bus';
import { startNats, type RunningServer } from '@ticketing/local-servers';
import { uniqueDatabaseUri } from '../testing/database';
import { InMemoryEventBus } from '../testing/in-memory-bus';
import { waitFor } from '../testing/wait-for';
import {
  busConfig,
  logger,
  RecordingListener,
  ticketData,
  uniqueServiceName,
} from '../bus/test/bus-fixtures';
import { outboxPlugin, type OutboxFields, type OutboxMethods, type OutboxModel } from './outbox';
import { OutboxRelay } from './outbox-relay';

interface Gadget extends OutboxFields {
  title: string;
}
type GadgetModel = Model<Gadget, object, OutboxMethods>;

const gadgetSchema = new Schema<Gadget, GadgetModel, OutboxMethods>({ title: String });
gadgetSchema.plugin(outboxPlugin);
/** Reads of one gadget (`findById`, as the relay's read of an outbox), counted to show which it skips. */
let gadgetReads = 0;
gadgetSchema.pre('findOne', () => {
  gadgetReads += 1;
});

let connection: Connection;
let Gadgets: GadgetModel;
beforeAll(async () => {
  connection = await mongoose.createConnection(uniqueDatabaseUri('outbox')).asPromise();
  Gadgets = connection.model<Gadget, GadgetModel>('Gadget', gadgetSchema);
});
afterAll(async () => {
  await connection.dropDatabase();
  await connection.close();
});

/** A write that changes a gadget and queues its event in the same document. */
async function saveGadgetWithEvent(data = ticketData()) {
  const gadget: HydratedDocument<Gadget, OutboxMethods> = new Gadgets({ title: data.title });
  gadget.recordEvent(Subjects.TicketCreated, data);
  await gadget.save();
  return { gadget, data };
}

const pendingEventsOf = async (id: unknown) =>
  (await Gadgets.findById(id).select('+outbox').lean<OutboxFields>())!.outbox;

/** A relay over the gadgets; a long poll interval leaves the publishing to the nudges alone. */
const relayFor = (bus: EventBus, { pollIntervalMs = 50 } = {}) =>
  new OutboxRelay({ bus, models: [Gadgets as unknown as OutboxModel], logger, pollIntervalMs });

describe('the outbox', () => {
  let bus: EventBus;
  let relay: OutboxRelay | undefined;
  beforeEach(async () => {
    bus = await connectEventBus(busConfig('jetstream'), uniqueServiceName(), logger);
  });
  afterEach(async () => {
    await relay?.stop();
    relay = undefined;
    await bus.close();
  });

  it('when a change is saved with its event, then the event is stored in the same document and hidden from reads', async () => {
    const { gadget, data } = await saveGadgetWithEvent();

    const pending = await pendingEventsOf(gadget._id);
    expect(pending).toEqual([
      { id: expect.any(String), subject: 'ticket.created', occurredAt: expect.any(String), data },
    ]);
    const plainRead = await Gadgets.findById(gadget._id).lean();
    expect(plainRead).not.toHaveProperty('outbox');
  });

  it('when the relay runs, then it publishes each pending event once and empties the outbox', async () => {
    const listener = new RecordingListener();
    await bus.listen(listener);
    const { gadget, data } = await saveGadgetWithEvent();
    relay = relayFor(bus);

    relay.nudge();

    await waitFor(() => listener.handledOf([data.id]).length === 1);
    await relay.flush();
    expect(await pendingEventsOf(gadget._id)).toEqual([]);
  });

  it('when nudged with the document just saved, then its events are published without waiting for a scan', async () => {
    const listener = new RecordingListener();
    await bus.listen(listener);
    relay = relayFor(bus, { pollIntervalMs: 60_000 });
    const { gadget, data } = await saveGadgetWithEvent();

    relay.nudge(gadget);

    await waitFor(() => listener.handledOf([data.id]).length === 1, { timeoutMs: 5_000 });
    // Removed once the broker has it, which may be just after the listener got it.
    await waitFor(async () => (await pendingEventsOf(gadget._id)).length === 0, {
      what: 'the published event removed from the outbox',
    });
  });

  it('when nudged with the document just saved, then the relay publishes the events it holds without reading the document back', async () => {
    const listener = new RecordingListener();
    await bus.listen(listener);
    relay = relayFor(bus, { pollIntervalMs: 60_000 });
    const { gadget, data } = await saveGadgetWithEvent();
    gadgetReads = 0;

    relay.nudge(gadget);

    await waitFor(() => listener.handledOf([data.id]).length === 1, { timeoutMs: 5_000 });
    expect(gadgetReads).toBe(0);
    await waitFor(async () => (await pendingEventsOf(gadget._id)).length === 0, {
      what: 'the published event removed from the outbox',
    });
  });

  it('when many documents are written at once, then each one’s events are published once and in the order recorded', async () => {
    const listener = new RecordingListener();
    await bus.listen(listener);
    relay = relayFor(bus, { pollIntervalMs: 60_000 });
    const ids = Array.from({ length: 40 }, () => ticketData().id);

    // Three changes per document, each nudging the relay while earlier ones may still be in flight.
    await Promise.all(
      ids.map(async (id) => {
        const gadget: HydratedDocument<Gadget, OutboxMethods> = new Gadgets({ title: id });
        for (const version of [0, 1, 2]) {
          gadget.recordEvent(Subjects.TicketCreated, ticketData({ id, version }));
          await gadget.save();
          relay!.nudge(gadget);
        }
      }),
    );

    await waitFor(() => listener.handledOf(ids).length === ids.length * 3, { timeoutMs: 10_000 });
    for (const id of ids) {
      expect(listener.handledOf([id]).map((h) => h.data.version)).toEqual([0, 1, 2]);
    }
  });

  it('when the model initialises, then the index of pending outboxes exists', async () => {
    await Gadgets.init();

    const indexes = await Gadgets.collection.indexes();
    // MongoDB keeps it sparse; FerretDB accepts the option but does not report it.
    expect(indexes).toContainEqual(expect.objectContaining({ key: { 'outbox.0.id': 1 } }));
  });

  it('when the process died between the write and the publish, then a relay started later publishes the event', async () => {
    const { gadget, data } = await saveGadgetWithEvent(); // no relay ran: as if the process died here
    const listener = new RecordingListener();
    await bus.listen(listener);

    relay = relayFor(bus);
    relay.start();

    await waitFor(() => listener.handledOf([data.id]).length === 1);
    await relay.flush();
    expect(await pendingEventsOf(gadget._id)).toEqual([]);
  });

  it('when the relay published but died before removing the event, then publishing it again delivers it only once', async () => {
    const listener = new RecordingListener();
    await bus.listen(listener);
    const { gadget, data } = await saveGadgetWithEvent();
    const [envelope] = await pendingEventsOf(gadget._id);
    await bus.publish(envelope!); // published, then "crashed" before the removal

    relay = relayFor(bus);
    await relay.flush();
    const marker = await saveGadgetWithEvent();
    await relay.flush();

    await waitFor(() => listener.handledOf([marker.data.id]).length === 1);
    expect(listener.handledOf([data.id])).toHaveLength(1);
  });
});

describe('the outbox relay while the bus is disconnected', () => {
  it('when the bus reconnects, then pending events go out within one poll, even after nudges while it was away', async () => {
    const bus = new InMemoryEventBus();
    bus.failPublishes = true; // reports itself disconnected
    const relay = relayFor(bus);
    try {
      relay.start();
      const { data } = await saveGadgetWithEvent();
      relay.nudge();
      relay.nudge();

      bus.failPublishes = false;

      await waitFor(() => bus.dataOf(Subjects.TicketCreated).some((d) => d.id === data.id), {
        timeoutMs: 2_000,
        what: 'the event after reconnecting',
      });
    } finally {
      await relay.stop();
    }
  });

  // This bus, unlike JetStream, does not drop a republished event id: a duplicate would show.
  it('when a document is changed again after its first event was published, then the copy it still carries is not published twice', async () => {
    const bus = new InMemoryEventBus();
    const relay = relayFor(bus, { pollIntervalMs: 60_000 });
    try {
      const id = ticketData().id;
      const gadget: HydratedDocument<Gadget, OutboxMethods> = new Gadgets({ title: id });
      gadget.recordEvent(Subjects.TicketCreated, ticketData({ id, version: 0 }));
      await gadget.save();
      relay.nudge(gadget);
      await relay.flush();
      // The change was decided on a copy read before that event was removed: it still holds it.
      gadget.recordEvent(Subjects.TicketCreated, ticketData({ id, version: 1 }));
      await gadget.save();
      relay.nudge(gadget);
      await relay.flush();

      expect(
        bus
          .dataOf(Subjects.TicketCreated)
          .filter((d) => d.id === id)
          .map((d) => d.version),
      ).toEqual([0, 1]);
      expect(await pendingEventsOf(gadget._id)).toEqual([]);
    } finally {
      await relay.stop();
    }
  });

  it('when the events it is handed carry a trace, then each is removed once published, matched as stored', async () => {
    const bus = new InMemoryEventBus();
    const relay = relayFor(bus, { pollIntervalMs: 60_000 });
    try {
      const data = ticketData();
      const gadget: HydratedDocument<Gadget, OutboxMethods> = new Gadgets({ title: data.title });
      gadget.outbox.push({
        ...createEnvelope(Subjects.TicketCreated, data),
        traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
        tracestate: 'vendor=value',
      });
      await gadget.save();

      relay.nudge(gadget);

      await waitFor(async () => (await pendingEventsOf(gadget._id)).length === 0, {
        what: 'the published event removed from the outbox',
      });
      expect(bus.dataOf(Subjects.TicketCreated).filter((d) => d.id === data.id)).toHaveLength(1);
    } finally {
      await relay.stop();
    }
  });

  it('when one document was nudged twice meanwhile (two copies of it), then its events go out once', async () => {
    const bus = new InMemoryEventBus();
    bus.failPublishes = true;
    const relay = relayFor(bus, { pollIntervalMs: 60_000 });
    try {
      const { gadget, data } = await saveGadgetWithEvent();
      relay.nudge(gadget);
      relay.nudge((await Gadgets.findById(gadget._id))!);

      bus.failPublishes = false;
      relay.nudge();
      await relay.flush();

      expect(bus.dataOf(Subjects.TicketCreated).filter((d) => d.id === data.id)).toHaveLength(1);
    } finally {
      await relay.stop();
    }
  });
});

describe('the outbox when the bus is down', () => {
  let storeDir: string;
  let nats: RunningServer;
  let bus: EventBus;
  let relay: OutboxRelay;
  beforeAll(async () => {
    storeDir = await mkdtemp(path.join(tmpdir(), 'outbox-nats-'));
    nats = await startNats({ storeDir });
  });
  afterAll(async () => {
    await relay?.stop();
    await bus?.close();
    await nats.stop();
    await rm(storeDir, { recursive: true, force: true });
  });

  it('when NATS is stopped, then writes still succeed, and once it is back the events are delivered', async () => {
    const config = { ...busConfig('jetstream'), NATS_URL: nats.url };
    bus = await connectEventBus(config, uniqueServiceName(), logger);
    const listener = new RecordingListener();
    await bus.listen(listener);
    relay = relayFor(bus);
    relay.start();
    const port = Number(new URL(nats.url).port);

    await nats.stop();
    const started = Date.now();
    const writes = await Promise.all([saveGadgetWithEvent(), saveGadgetWithEvent()]);
    relay.nudge();
    const writeMs = Date.now() - started;
    nats = await startNats({ port, storeDir });

    const ids = writes.map((w) => w.data.id);
    await waitFor(() => listener.handledOf(ids).length === 2, {
      timeoutMs: 30_000,
      what: 'delivery after the outage',
    });
    expect(writeMs).toBeLessThan(5_000);
    // Delivered is not yet removed: the relay removes each event after the broker has it.
    await relay.flush();
    for (const { gadget } of writes) expect(await pendingEventsOf(gadget._id)).toEqual([]);
  });
});

describe('the outbox relay when nothing is written', () => {
  it('when no write nudges it, then it looks for pending events once per sweep interval, not once per poll interval', async () => {
    const scans: number[] = [];
    const watchedSchema = new Schema<Gadget, GadgetModel, OutboxMethods>({ title: String });
    watchedSchema.plugin(outboxPlugin);
    watchedSchema.pre('find', () => {
      scans.push(performance.now());
    });
    const Watched = connection.model<Gadget, GadgetModel>('WatchedGadget', watchedSchema);
    const relay = new OutboxRelay({
      bus: new InMemoryEventBus(),
      models: [Watched as unknown as OutboxModel],
      logger,
      pollIntervalMs: 20,
      sweepIntervalMs: 300,
    });
    try {
      relay.start();

      await waitFor(() => scans.length >= 3, { what: 'three sweeps' });

      const gaps = scans.slice(1).map((at, i) => at - scans[i]!);
      // A timer never fires early; a poll-paced relay would look every 20 ms.
      for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(290);
    } finally {
      await relay.stop();
    }
  });

  it('when a process died after its write, then the sweep publishes its events without any nudge', async () => {
    const bus = new InMemoryEventBus();
    const relay = new OutboxRelay({
      bus,
      models: [Gadgets as unknown as OutboxModel],
      logger,
      pollIntervalMs: 20,
      sweepIntervalMs: 200,
    });
    try {
      relay.start();
      await relay.flush();
      const { data } = await saveGadgetWithEvent(); // written, never nudged

      await waitFor(() => bus.dataOf(Subjects.TicketCreated).some((d) => d.id === data.id), {
        what: 'the swept event',
      });
    } finally {
      await relay.stop();
    }
  });
});
