import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual, promisify } from 'node:util';
import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  createEnvelope,
  createLogger,
  durableName,
  JetStreamBus,
  Listener,
  PLATFORM_STREAM,
  Subjects,
  type EventData,
  type Subject,
} from '@ticketing/common';
import { waitFor } from '@ticketing/common/testing';
import { ManagedProcess } from '@ticketing/local-servers';
import { repoRoot } from './repo';

// The cluster's NATS authorization (base/data/nats/auth.conf) on a real nats-server, each service
// connecting as its own user the way the services do.
const AUTH_CONF = path.join(repoRoot, 'infra/k8s/base/data/nats/auth.conf');
const SERVICES = ['auth', 'tickets', 'orders', 'payments', 'expiration', 'catalog'] as const;
const USERS = [...SERVICES, 'ops'] as const;
type User = (typeof USERS)[number];
const passwordOf = (user: User) => `${user}-password-for-this-test`;
const execFileAsync = promisify(execFile);

const STREAM = PLATFORM_STREAM.name;

let server: ManagedProcess<number>;
let url: string;
// Closed after every test: a service's listeners of one subject share its durable consumer, so a
// listener left from an earlier test would take some of the next test's deliveries.
const buses: JetStreamBus[] = [];
const connections: NatsConnection[] = [];

beforeAll(async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'nats-auth-'));
  // An include is resolved next to the including file.
  await copyFile(AUTH_CONF, path.join(dir, 'auth.conf'));
  await writeFile(
    path.join(dir, 'nats.conf'),
    `listen: 127.0.0.1:-1\njetstream { store_dir: "${path.join(dir, 'js')}" }\ninclude ./auth.conf\n`,
  );
  server = new ManagedProcess({
    name: 'nats-server',
    command: 'nats-server',
    args: ['-c', path.join(dir, 'nats.conf')],
    env: {
      ...process.env,
      ...Object.fromEntries(
        USERS.map((user) => [`${user.toUpperCase()}_NATS_PASSWORD`, passwordOf(user)]),
      ),
    },
    tempDirs: [dir],
    ready: {
      line: (line) => Number(/client connections on \S+:(\d+)/.exec(line)?.[1]) || undefined,
    },
  });
  url = `nats://127.0.0.1:${await server.start()}`;
}, 30_000);
afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.close()));
  await Promise.all(connections.splice(0).map((nc) => nc.close()));
});
afterAll(async () => {
  await server?.stop();
});

type Service = (typeof SERVICES)[number];

async function connectAs(
  user: Service,
  { password = passwordOf(user), maxDeliveries = 3 } = {},
): Promise<JetStreamBus> {
  const bus = await JetStreamBus.connect({
    url,
    user,
    password,
    serviceName: user,
    logger: createLogger(user, 'silent'),
    ackWaitMs: 5_000,
    maxDeliveries,
    retryDelayMs: 100,
    publishTimeoutMs: 2_000,
  });
  buses.push(bus);
  return bus;
}

/** A bare client with a service's credentials: what a compromised pod could send. */
async function natsAs(user: Service) {
  const nc = await connect({ servers: url, user, pass: passwordOf(user) });
  connections.push(nc);
  const js = jetstream(nc);
  const jsm = await jetstreamManager(nc);
  return {
    js,
    jsm,
    /** Asks a consumer for one message directly, as a pull subscriber does. */
    pullOnce: (consumer: string) =>
      nc.request(
        `$JS.API.CONSUMER.MSG.NEXT.${STREAM}.${consumer}`,
        JSON.stringify({ batch: 1, no_wait: true }),
      ),
    /** Makes a consumer of one subject, durable or named. */
    addConsumer: (consumer: { durable_name: string } | { name: string }, subject: Subject) =>
      jsm.consumers.add(STREAM, {
        ...consumer,
        filter_subject: subject,
        ack_policy: AckPolicy.None,
      }),
  };
}

/** Consumers of the stream, as any service may read them from the stream's info. */
async function consumerCount(): Promise<number> {
  const { jsm } = await natsAs('tickets');
  return (await jsm.streams.info(STREAM)).state.consumer_count;
}

class Recorder<S extends Subject> extends Listener<S> {
  readonly received: EventData<S>[] = [];
  constructor(readonly subject: S) {
    super();
  }
  async onMessage(data: EventData<S>): Promise<void> {
    this.received.push(data);
  }
}

class Failing<S extends Subject> extends Listener<S> {
  constructor(readonly subject: S) {
    super();
  }
  async onMessage(): Promise<void> {
    throw new Error('a bug in the handler');
  }
}

const id = () =>
  Array.from({ length: 24 }, () => '0123456789abcdef'[Math.floor(Math.random() * 16)]).join('');

const ticket = () => ({ id: id(), title: 'Opera', price: 10, userId: id(), version: 0 });
const orderRef = () => ({ id: id(), version: 1, ticket: { id: id() } });

/** A new event of each subject, valid for its schema. */
const SAMPLES: { [S in Subject]: () => EventData<S> } = {
  [Subjects.TicketCreated]: ticket,
  [Subjects.TicketUpdated]: () => ({ ...ticket(), version: 1 }),
  [Subjects.OrderCreated]: () => ({
    id: id(),
    version: 0,
    status: 'created',
    userId: id(),
    expiresAt: new Date(Date.now() + 60_000).toISOString(),
    ticket: { id: id(), price: 10 },
  }),
  [Subjects.OrderCancelled]: orderRef,
  [Subjects.OrderCompleted]: orderRef,
  [Subjects.ExpirationComplete]: () => ({ orderId: id() }),
  [Subjects.PaymentCreated]: () => ({ id: id(), orderId: id(), stripeId: 'ch_1' }),
  [Subjects.UserSessionsRevoked]: () => ({ userId: id(), revokedBefore: new Date().toISOString() }),
};

/** The service that publishes each subject's events (the README's service table). */
const PUBLISHER: Record<Subject, Service> = {
  [Subjects.TicketCreated]: 'tickets',
  [Subjects.TicketUpdated]: 'tickets',
  [Subjects.OrderCreated]: 'orders',
  [Subjects.OrderCancelled]: 'orders',
  [Subjects.OrderCompleted]: 'orders',
  [Subjects.ExpirationComplete]: 'expiration',
  [Subjects.PaymentCreated]: 'payments',
  [Subjects.UserSessionsRevoked]: 'auth',
};

/**
 * The subjects each service listens to in its own code: the listeners its start.ts registers
 * (src/events/listeners) and, for every service with a web API but the catalog, the session
 * revocations (honourSessionRevocations).
 */
const LISTENED: Record<Service, Subject[]> = {
  auth: [Subjects.UserSessionsRevoked],
  tickets: [
    Subjects.OrderCreated,
    Subjects.OrderCancelled,
    Subjects.OrderCompleted,
    Subjects.UserSessionsRevoked,
  ],
  orders: [
    Subjects.TicketCreated,
    Subjects.TicketUpdated,
    Subjects.ExpirationComplete,
    Subjects.PaymentCreated,
    Subjects.UserSessionsRevoked,
  ],
  payments: [
    Subjects.OrderCreated,
    Subjects.OrderCancelled,
    Subjects.OrderCompleted,
    Subjects.UserSessionsRevoked,
  ],
  expiration: [Subjects.OrderCreated, Subjects.OrderCancelled, Subjects.OrderCompleted],
  catalog: [Subjects.TicketCreated, Subjects.TicketUpdated],
};
const LISTENERS = SERVICES.flatMap((service) =>
  LISTENED[service].map((subject) => [service, subject, PUBLISHER[subject]] as const),
);

describe("the cluster's NATS authorization", () => {
  it('when a client connects without a user or with a wrong password, then it is refused', async () => {
    await expect(connectAs('tickets', { password: 'wrong' })).rejects.toThrow(/authorization/i);
    await expect(
      JetStreamBus.connect({
        url,
        serviceName: 'anonymous',
        logger: createLogger('anonymous', 'silent'),
        ackWaitMs: 5_000,
        maxDeliveries: 3,
        retryDelayMs: 100,
      }),
    ).rejects.toThrow(/authorization/i);
  });

  it.each(LISTENERS)(
    'when %s listens to %s as its own user, then it receives the event %s publishes as its own user',
    async (service, subject, publisher) => {
      const listener = await connectAs(service);
      const recorder = new Recorder(subject);
      await listener.listen(recorder);
      const data = SAMPLES[subject]();

      await (await connectAs(publisher)).publish(createEnvelope(subject, data));

      await waitFor(() => recorder.received.some((received) => isDeepStrictEqual(received, data)));
    },
  );

  it.each([
    ['tickets', Subjects.PaymentCreated, { id: id(), orderId: id(), stripeId: 'ch_forged' }],
    ['tickets', Subjects.OrderCompleted, { id: id(), version: 1, ticket: { id: id() } }],
    [
      'payments',
      Subjects.TicketUpdated,
      { id: id(), title: 'x', price: 1, userId: id(), version: 1 },
    ],
    ['expiration', Subjects.PaymentCreated, { id: id(), orderId: id(), stripeId: 'ch_forged' }],
    ['orders', Subjects.ExpirationComplete, { orderId: id() }],
    [
      'catalog',
      Subjects.TicketUpdated,
      { id: id(), title: 'x', price: 1, userId: id(), version: 1 },
    ],
    ['catalog', Subjects.OrderCancelled, { id: id(), version: 1, ticket: { id: id() } }],
  ] as const)(
    "when %s publishes %s (another service's subject), then the server refuses it",
    async (user, subject, data) => {
      const bus = await connectAs(user);

      await expect(
        bus.publish(createEnvelope(subject, data as EventData<typeof subject>)),
      ).rejects.toThrow(/permission/i);
    },
  );
});

const CLI = path.join(repoRoot, 'common/dist/ops/cli.js');

async function ops(user: User, ...argv: string[]): Promise<{ code: number; output: string }> {
  const env = {
    PATH: process.env.PATH,
    NATS_URL: url,
    NATS_USER: user,
    NATS_PASSWORD: passwordOf(user),
  };
  try {
    const { stdout } = await execFileAsync(process.execPath, [CLI, ...argv], { env });
    return { code: 0, output: stdout };
  } catch (err) {
    // A failure is told on stderr, one line.
    const failed = err as { code: number; stderr: string };
    return { code: failed.code, output: failed.stderr };
  }
}

/** A payment.created dead letter, as orders' listener leaves one when it fails on every delivery. */
async function deadLetter(): Promise<{ seq: number; eventId: string; paymentId: string }> {
  const broken = await connectAs('orders', { maxDeliveries: 1 });
  await broken.listen(new Failing(Subjects.PaymentCreated));
  const payments = await connectAs('payments');
  const event = createEnvelope(Subjects.PaymentCreated, {
    id: id(),
    orderId: id(),
    stripeId: 'ch_1',
  });
  await payments.publish(event);
  const seq = await waitFor(async () => {
    const { output } = await ops('tickets', 'deadletters', 'list');
    return Number(new RegExp(`^\\s*(\\d+) .*${event.id}$`, 'm').exec(output)?.[1]) || undefined;
  });
  await broken.close();
  return { seq, eventId: event.id, paymentId: event.data.id };
}

describe("the services' JetStream consumers", () => {
  it("when tickets tries to delete or reconfigure orders' durable consumer, then the server refuses it and orders still receives events", async () => {
    const orders = await connectAs('orders');
    const recorder = new Recorder(Subjects.TicketCreated);
    await orders.listen(recorder);
    const ordersConsumer = durableName('orders', Subjects.TicketCreated);
    const { jsm, addConsumer } = await natsAs('tickets');

    await expect(jsm.consumers.delete(STREAM, ordersConsumer)).rejects.toThrow(/permission/i);
    await expect(
      addConsumer({ durable_name: ordersConsumer }, Subjects.TicketCreated),
    ).rejects.toThrow(/permission/i);
    await expect(jsm.consumers.update(STREAM, ordersConsumer, { max_deliver: 1 })).rejects.toThrow(
      /permission/i,
    );

    const data = SAMPLES[Subjects.TicketCreated]();
    await (await connectAs('tickets')).publish(createEnvelope(Subjects.TicketCreated, data));
    await waitFor(() => recorder.received.some((received) => received.id === data.id));
  });

  it("when tickets tries to pull from orders' consumer or to make a consumer of orders' events, then the server refuses it", async () => {
    await (await connectAs('orders')).listen(new Recorder(Subjects.PaymentCreated));
    const ordersConsumer = durableName('orders', Subjects.PaymentCreated);
    const { js, pullOnce, addConsumer } = await natsAs('tickets');

    await expect(js.consumers.get(STREAM, ordersConsumer)).rejects.toThrow(/permission/i);
    await expect(pullOnce(ordersConsumer)).rejects.toThrow(/permission/i);
    await expect(
      addConsumer({ name: 'tickets_reading_payments' }, Subjects.PaymentCreated),
    ).rejects.toThrow(/permission/i);
    await expect(
      js.consumers.get(STREAM, { filter_subjects: Subjects.PaymentCreated }),
    ).rejects.toThrow(/permission/i);
  });

  it("when the catalog tries to delete, reconfigure or pull from another service's durable consumer, then the server refuses it", async () => {
    await (await connectAs('orders')).listen(new Recorder(Subjects.TicketUpdated));
    const ordersConsumer = durableName('orders', Subjects.TicketUpdated);
    const { jsm, pullOnce, addConsumer } = await natsAs('catalog');

    await expect(jsm.consumers.delete(STREAM, ordersConsumer)).rejects.toThrow(/permission/i);
    await expect(jsm.consumers.info(STREAM, ordersConsumer)).rejects.toThrow(/permission/i);
    await expect(
      addConsumer({ durable_name: ordersConsumer }, Subjects.TicketUpdated),
    ).rejects.toThrow(/permission/i);
    await expect(pullOnce(ordersConsumer)).rejects.toThrow(/permission/i);
    await expect(
      addConsumer({ name: 'catalog_reading_payments' }, Subjects.PaymentCreated),
    ).rejects.toThrow(/permission/i);
  });

  it('when the catalog follows the ticket subjects as its own user, then it is handed their history and each new event, and its consumers are deleted when it closes', async () => {
    const tickets = await connectAs('tickets');
    const earlier = SAMPLES[Subjects.TicketCreated]();
    await tickets.publish(createEnvelope(Subjects.TicketCreated, earlier));
    const consumersBefore = await consumerCount();
    const catalog = await connectAs('catalog');
    const handed: string[] = [];

    const followings = await Promise.all(
      [Subjects.TicketCreated, Subjects.TicketUpdated].map((subject) =>
        catalog.follow(subject, (data) => {
          handed.push(data.id);
        }),
      ),
    );
    await Promise.all(followings.map((following) => following.caughtUp));
    expect(handed).toContain(earlier.id);
    const later = SAMPLES[Subjects.TicketUpdated]();
    await tickets.publish(createEnvelope(Subjects.TicketUpdated, later));
    await waitFor(() => handed.includes(later.id));
    expect(await consumerCount()).toBe(consumersBefore + 2);

    await catalog.close();

    expect(await consumerCount()).toBe(consumersBefore);
  });

  it("when the catalog's listener fails on every delivery, then the catalog dead-letters the ticket event as its own user", async () => {
    const catalog = await connectAs('catalog', { maxDeliveries: 1 });
    await catalog.listen(new Failing(Subjects.TicketUpdated));
    const event = createEnvelope(Subjects.TicketUpdated, SAMPLES[Subjects.TicketUpdated]());

    await (await connectAs('tickets')).publish(event);

    await waitFor(async () =>
      (await ops('tickets', 'deadletters', 'list')).output.includes(event.id),
    );
  });
});

describe("npm run ops in a service's pod, with the service's NATS user", () => {
  it('when it lists and shows dead letters, then it can; when it drops one, then the server refuses the removal and the dead letter stays', async () => {
    const { seq, eventId } = await deadLetter();

    expect(await ops('tickets', 'deadletters', 'list')).toEqual({
      code: 0,
      output: expect.stringContaining(eventId),
    });
    expect((await ops('tickets', 'deadletters', 'show', String(seq))).code).toBe(0);
    expect(await ops('tickets', 'deadletters', 'drop', String(seq))).toEqual({
      code: 1,
      output: expect.stringMatching(/permission/i),
    });
    expect((await ops('tickets', 'deadletters', 'show', String(seq))).code).toBe(0);
  });

  it('when the publishing service replays a dead letter of its subject, then the event is delivered again but the dead letter is kept, and it says so', async () => {
    const { seq, eventId, paymentId } = await deadLetter();
    const orders = await connectAs('orders');
    const recorder = new Recorder(Subjects.PaymentCreated);
    await orders.listen(recorder);

    expect(await ops('payments', 'deadletters', 'replay', String(seq))).toEqual({
      code: 1,
      output: expect.stringContaining(`replayed dead letter ${seq} but could not remove it`),
    });
    await waitFor(() => recorder.received.some((payment) => payment.id === paymentId));
    expect((await ops('payments', 'deadletters', 'list')).output).toContain(eventId);
  });
});

describe("npm run ops with the operator's NATS user", () => {
  it('when the operator lists, replays and drops dead letters, then each is done and the replayed event is delivered again', async () => {
    const replayed = await deadLetter();
    const dropped = await deadLetter();
    const orders = await connectAs('orders');
    const recorder = new Recorder(Subjects.PaymentCreated);
    await orders.listen(recorder);

    expect((await ops('ops', 'deadletters', 'list')).output).toContain(replayed.eventId);
    expect(await ops('ops', 'deadletters', 'replay', String(replayed.seq))).toEqual({
      code: 0,
      output: expect.any(String),
    });
    await waitFor(() => recorder.received.some((payment) => payment.id === replayed.paymentId));
    expect(await ops('ops', 'deadletters', 'drop', String(dropped.seq))).toEqual({
      code: 0,
      output: expect.any(String),
    });

    const { output } = await ops('ops', 'deadletters', 'list');
    expect(output).not.toContain(replayed.eventId);
    expect(output).not.toContain(dropped.eventId);
  });

  it('when the operator deletes or purges the stream or deletes a consumer, then the server refuses it and the stream stays', async () => {
    await (await connectAs('orders')).listen(new Recorder(Subjects.PaymentCreated));
    const consumer = durableName('orders', Subjects.PaymentCreated);
    const operator = await connect({ servers: url, user: 'ops', pass: passwordOf('ops') });
    connections.push(operator);
    const jsm = await jetstreamManager(operator);

    await expect(jsm.streams.delete(STREAM)).rejects.toThrow(/permission/i);
    await expect(jsm.streams.purge(STREAM)).rejects.toThrow(/permission/i);
    await expect(jsm.consumers.delete(STREAM, consumer)).rejects.toThrow(/permission/i);
    const { jsm: orders } = await natsAs('orders');
    expect((await orders.streams.info(STREAM)).state.messages).toBeGreaterThan(0);
    expect((await orders.consumers.info(STREAM, consumer)).name).toBe(consumer);
  });
});
