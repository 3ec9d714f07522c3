import { spawn } from 'node:child_process';
import path from 'node:path';
import { connect as connectNats } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import stan from 'node-nats-streaming';
import { freePort, startNats } from '@ticketing/local-servers';
import { createEnvelope } from '../events/envelope';
import { deadLetterSubject, Subjects } from '../events/catalogue';
import { waitFor } from '../testing/wait-for';
import type { EventBus } from './event-bus';
import { durableName, PLATFORM_STREAM } from './jetstream-bus';
import {
  busConfig,
  closeAll,
  connectBus,
  RecordingListener,
  ticketData,
  uniqueServiceName,
  type Driver,
} from './test/bus-fixtures';

/** Collects the dead letters of ticket.created straight from the server, independent of our drivers. */
async function watchDeadLetters(
  driver: Driver,
): Promise<{ ids: string[]; raw: string[]; close(): Promise<void> }> {
  const raw: string[] = [];
  const ids: string[] = [];
  const record = (text: string) => {
    raw.push(text);
    try {
      ids.push(JSON.parse(text).data.id);
    } catch {
      // a non-JSON poison message: kept in raw
    }
  };
  if (driver === 'jetstream') {
    const nc = await connectNats({ servers: busConfig('jetstream').NATS_URL });
    const sub = nc.subscribe(deadLetterSubject(Subjects.TicketCreated), {
      callback: (_err, msg) => record(msg.string()),
    });
    await nc.flush();
    return { ids, raw, close: async () => (sub.unsubscribe(), nc.close()) };
  }
  const config = busConfig('stan');
  const sc = stan.connect(config.NATS_CLUSTER_ID, `dlq-watch-${uniqueServiceName()}`, {
    url: config.NATS_URL,
  });
  await new Promise((resolve) => sc.once('connect', resolve));
  const sub = sc.subscribe(deadLetterSubject(Subjects.TicketCreated), sc.subscriptionOptions());
  sub.on('message', (msg: stan.Message) => record(msg.getRawData().toString()));
  await new Promise((resolve) => sub.once('ready', resolve));
  return {
    ids,
    raw,
    close: () => new Promise<void>((resolve) => (sc.once('close', () => resolve()), sc.close())),
  };
}

describe.each<Driver>(['jetstream', 'stan'])('the %s event bus', (driver) => {
  let buses: EventBus[] = [];
  const open = async (overrides = {}, serviceName?: string) => {
    const bus = await connectBus(driver, overrides, serviceName);
    buses.push(bus);
    return bus;
  };
  afterEach(async () => {
    await closeAll(...buses);
    buses = [];
  });

  it('when an event is published, then a listener receives its typed payload, once, on its first delivery', async () => {
    const bus = await open();
    const listener = new RecordingListener();
    await bus.listen(listener);
    const data = ticketData({ orderId: 'order-1' });

    const envelope = createEnvelope(Subjects.TicketCreated, data);
    await bus.publish(envelope);

    const [handled] = await waitFor(
      () => listener.handledOf([data.id]).length === 1 && listener.handledOf([data.id]),
    );
    expect(handled).toEqual({ data, deliveryCount: 1, eventId: envelope.id });
    expect(bus.isConnected()).toBe(true);
  });

  it('when two replicas share a queue group, then every event is handled by exactly one of them', async () => {
    const service = uniqueServiceName();
    const replicaA = new RecordingListener();
    const replicaB = new RecordingListener();
    await (await open({}, service)).listen(replicaA);
    await (await open({}, service)).listen(replicaB);
    const publisher = await open();
    const events = Array.from({ length: 40 }, () => ticketData());

    await Promise.all(
      events.map((d) => publisher.publish(createEnvelope(Subjects.TicketCreated, d))),
    );

    const ids = events.map((e) => e.id);
    await waitFor(
      () => replicaA.handledOf(ids).length + replicaB.handledOf(ids).length >= ids.length,
    );
    const handledIds = [...replicaA.handledOf(ids), ...replicaB.handledOf(ids)].map(
      (h) => h.data.id,
    );
    expect(handledIds.sort()).toEqual([...ids].sort());
  });

  it('when another service listens to the same subject, then it receives its own copy of every event', async () => {
    const orders = new RecordingListener();
    const payments = new RecordingListener();
    await (await open()).listen(orders);
    await (await open()).listen(payments);
    const data = ticketData();

    await (await open()).publish(createEnvelope(Subjects.TicketCreated, data));

    await waitFor(
      () => orders.handledOf([data.id]).length === 1 && payments.handledOf([data.id]).length === 1,
    );
  });

  it('when the handler fails, then the event is redelivered and handled on a later delivery', async () => {
    const data = ticketData();
    let failures = 0;
    const listener = new RecordingListener(async (received) => {
      if (received.id === data.id && failures++ === 0) throw new Error('database hiccup');
    });
    const bus = await open();
    await bus.listen(listener);

    await bus.publish(createEnvelope(Subjects.TicketCreated, data));

    const [handled] = await waitFor(
      () => listener.handledOf([data.id]).length > 0 && listener.handledOf([data.id]),
      {
        timeoutMs: 15_000,
      },
    );
    expect(handled!.deliveryCount).toBe(2);
  });

  /** Starts a replica in a process of its own that takes the event and is SIGKILLed holding it. */
  async function replicaDyingWith(
    service: string,
    data: ReturnType<typeof ticketData>,
    overrides: Partial<ReturnType<typeof busConfig>> = {},
  ): Promise<void> {
    const child = spawn(process.execPath, [path.join(__dirname, 'test/crashing-consumer.js')], {
      env: {
        ...process.env,
        SERVICE_NAME: service,
        DOOMED_ID: data.id,
        BUS_CONFIG: JSON.stringify(busConfig(driver, overrides)),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    const exited = new Promise((resolve) => child.on('exit', resolve));
    try {
      await waitFor(() => output.includes('listening'), { what: 'the doomed replica to listen' });
      await (await open()).publish(createEnvelope(Subjects.TicketCreated, data));
      await waitFor(() => output.includes(`received ${data.id}`), {
        what: 'the doomed replica to take the event',
      });
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
  }

  it('when a replica dies before acknowledging, then another replica receives the event again', async () => {
    const service = uniqueServiceName();
    const data = ticketData();
    await replicaDyingWith(service, data);

    const survivor = new RecordingListener();
    await (await open({}, service)).listen(survivor);

    const [handled] = await waitFor(
      () => survivor.handledOf([data.id]).length > 0 && survivor.handledOf([data.id]),
      {
        timeoutMs: 20_000,
      },
    );
    expect(handled!.deliveryCount).toBeGreaterThanOrEqual(2);
  });

  it('when a replica dies holding the last delivery its budget allows, then the event is still delivered again, never dropped unseen', async () => {
    const service = uniqueServiceName();
    const data = ticketData();
    // A budget of one delivery, spent by the replica that dies: only the listener may end an event
    // (acknowledged, or dead-lettered after a failure), never the server by counting deliveries.
    await replicaDyingWith(service, data, { EVENT_MAX_DELIVERIES: 1 });

    const survivor = new RecordingListener();
    await (await open({ EVENT_MAX_DELIVERIES: 1 }, service)).listen(survivor);

    const [handled] = await waitFor(
      () => survivor.handledOf([data.id]).length > 0 && survivor.handledOf([data.id]),
      { timeoutMs: 20_000, what: 'the event, delivered after its budget' },
    );
    expect(handled!.deliveryCount).toBeGreaterThanOrEqual(2);
  });

  it('when the handler keeps failing, then after the maximum deliveries the event is dead-lettered and the next one still flows', async () => {
    const deadLetters = await watchDeadLetters(driver);
    try {
      const poison = ticketData({ title: 'poison' });
      const listener = new RecordingListener(async (data) => {
        if (data.title === 'poison') throw new Error('cannot handle this one');
      });
      const bus = await open({ EVENT_MAX_DELIVERIES: 2 });
      await bus.listen(listener);
      const healthy = ticketData();

      await bus.publish(createEnvelope(Subjects.TicketCreated, poison));
      await bus.publish(createEnvelope(Subjects.TicketCreated, healthy));

      await waitFor(() => deadLetters.ids.includes(poison.id), {
        timeoutMs: 20_000,
        what: 'the dead letter',
      });
      await waitFor(() => listener.handledOf([healthy.id]).length === 1);
      expect(listener.handledOf([poison.id])).toEqual([]);
    } finally {
      await deadLetters.close();
    }
  });

  it('when a message is not a valid event, then it is dead-lettered at once without reaching the handler', async () => {
    const deadLetters = await watchDeadLetters(driver);
    try {
      const listener = new RecordingListener();
      const bus = await open({ EVENT_MAX_DELIVERIES: 5 });
      await bus.listen(listener);
      const malformed = createEnvelope(Subjects.TicketCreated, ticketData({ price: -5 }));

      await bus.publish(malformed);

      await waitFor(() => deadLetters.ids.includes(malformed.data.id), { what: 'the dead letter' });
      expect(listener.handledOf([malformed.data.id])).toEqual([]);
    } finally {
      await deadLetters.close();
    }
  });

  it('when the bus is closed while a handler runs, then close waits for the handler to finish', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let markStarted!: () => void;
    const started = new Promise<void>((resolve) => (markStarted = resolve));
    let finished = false;
    const listener = new RecordingListener(async () => {
      markStarted();
      await gate;
      finished = true;
    });
    const bus = await connectBus(driver);
    await bus.listen(listener);
    await bus.publish(createEnvelope(Subjects.TicketCreated, ticketData()));
    await started;

    const closing = bus.close();
    setTimeout(release, 100);
    await closing;

    expect(finished).toBe(true);
  });
});

describe('the jetstream event bus deduplication', () => {
  it('when one event id is published twice, then it is delivered once', async () => {
    const bus = await connectBus('jetstream');
    try {
      const listener = new RecordingListener();
      await bus.listen(listener);
      const envelope = createEnvelope(Subjects.TicketCreated, ticketData());
      const marker = createEnvelope(Subjects.TicketCreated, ticketData());

      await bus.publish(envelope);
      await bus.publish(envelope);
      await bus.publish(marker);

      await waitFor(() => listener.handledOf([marker.data.id]).length === 1);
      expect(listener.handledOf([envelope.data.id])).toHaveLength(1);
    } finally {
      await bus.close();
    }
  });

  it('when raw bytes that are not JSON arrive, then they are dead-lettered and never delivered again', async () => {
    const deadLetters = await watchDeadLetters('jetstream');
    const nc = await connectNats({ servers: busConfig('jetstream').NATS_URL });
    const bus = await connectBus('jetstream');
    try {
      await bus.listen(new RecordingListener());
      const garbage = `not json ${Date.now()}`;

      await jetstream(nc).publish(Subjects.TicketCreated, garbage);

      await waitFor(() => deadLetters.raw.includes(garbage), { what: 'the dead letter' });
      // Ended on the server (terminated), not left to come back after the ack wait (1 s here).
      const consumers = (await jetstreamManager(nc)).consumers;
      const consumer = durableName(bus.serviceName, Subjects.TicketCreated);
      await waitFor(
        async () => {
          const info = await consumers.info(PLATFORM_STREAM.name, consumer);
          return info.num_pending === 0 && info.num_ack_pending === 0;
        },
        { what: 'every message of the consumer to be ended' },
      );
    } finally {
      await Promise.all([bus.close(), nc.close(), deadLetters.close()]);
    }
  });
});

describe('connecting to JetStream at start', () => {
  it('when NATS is not up yet, then connecting waits for it and the bus works once it is', async () => {
    const port = await freePort();
    const connecting = connectBus('jetstream', {
      NATS_URL: `nats://127.0.0.1:${port}`,
      NATS_CONNECT_TIMEOUT_MS: 20_000,
    });
    // Started only after the bus began trying (its first attempts are refused).
    const nats = await startNats({ port });
    try {
      const bus = await connecting;
      try {
        const listener = new RecordingListener();
        await bus.listen(listener);
        const data = ticketData();
        await bus.publish(createEnvelope(Subjects.TicketCreated, data));
        await waitFor(() => listener.handledOf([data.id]).length === 1);
      } finally {
        await bus.close();
      }
    } finally {
      await nats.stop();
    }
  });

  it('when NATS does not answer within NATS_CONNECT_TIMEOUT_MS, then connecting fails and says so', async () => {
    const port = await freePort();

    await expect(
      connectBus('jetstream', {
        NATS_URL: `nats://127.0.0.1:${port}`,
        NATS_CONNECT_TIMEOUT_MS: 300,
      }),
    ).rejects.toThrow('NATS did not answer within 300 ms');
  });
});
