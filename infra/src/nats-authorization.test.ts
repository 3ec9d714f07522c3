import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import {
  createEnvelope,
  createLogger,
  JetStreamBus,
  Listener,
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

let server: ManagedProcess<number>;
let url: string;
const buses: JetStreamBus[] = [];

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
afterAll(async () => {
  await Promise.all(buses.map((bus) => bus.close()));
  await server?.stop();
});

async function connectAs(
  user: (typeof SERVICES)[number],
  password = passwordOf(user),
): Promise<JetStreamBus> {
  const bus = await JetStreamBus.connect({
    url,
    user,
    password,
    serviceName: user,
    logger: createLogger(user, 'silent'),
    ackWaitMs: 5_000,
    maxDeliveries: 3,
    retryDelayMs: 100,
    publishTimeoutMs: 2_000,
  });
  buses.push(bus);
  return bus;
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

describe("the cluster's NATS authorization", () => {
  it('when a client connects without a user or with a wrong password, then it is refused', async () => {
    await expect(connectAs('tickets', 'wrong')).rejects.toThrow(/authorization/i);
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

  it('when tickets publishes ticket.created, then orders, connected as its own user, receives it', async () => {
    const tickets = await connectAs('tickets');
    const orders = await connectAs('orders');
    const recorder = new Recorder(Subjects.TicketCreated);
    await orders.listen(recorder);
    const ticket = { id: id(), title: 'Opera', price: 10, userId: id(), version: 0 };

    await tickets.publish(createEnvelope(Subjects.TicketCreated, ticket));

    await waitFor(() => recorder.received.find((t) => t.id === ticket.id));
  });

  it('when tickets publishes ticket.updated, then the catalog, connected as its own user, receives it', async () => {
    const tickets = await connectAs('tickets');
    const catalog = await connectAs('catalog');
    const recorder = new Recorder(Subjects.TicketUpdated);
    await catalog.listen(recorder);
    const ticket = { id: id(), title: 'Ballet', price: 30, userId: id(), version: 1 };

    await tickets.publish(createEnvelope(Subjects.TicketUpdated, ticket));

    await waitFor(() => recorder.received.find((t) => t.id === ticket.id));
  });

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
  const broken = await JetStreamBus.connect({
    url,
    user: 'orders',
    password: passwordOf('orders'),
    serviceName: 'orders-broken',
    logger: createLogger('orders', 'silent'),
    ackWaitMs: 5_000,
    maxDeliveries: 1,
    retryDelayMs: 100,
  });
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
    // A queue group of its own: the earlier tests' orders listeners would share the deliveries.
    const orders = await JetStreamBus.connect({
      url,
      user: 'orders',
      password: passwordOf('orders'),
      serviceName: 'orders-after-replay',
      logger: createLogger('orders', 'silent'),
      ackWaitMs: 5_000,
      maxDeliveries: 3,
      retryDelayMs: 100,
    });
    buses.push(orders);
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
    const stream = 'TICKETING';
    const admin = await connect({ servers: url, user: 'orders', pass: passwordOf('orders') });
    const operator = await connect({ servers: url, user: 'ops', pass: passwordOf('ops') });
    try {
      const [consumer] = await (await jetstreamManager(admin)).consumers.list(stream).next();
      const jsm = await jetstreamManager(operator);

      await expect(jsm.streams.delete(stream)).rejects.toThrow(/permission/i);
      await expect(jsm.streams.purge(stream)).rejects.toThrow(/permission/i);
      await expect(jsm.consumers.delete(stream, consumer!.name)).rejects.toThrow(/permission/i);
      const after = await jetstreamManager(admin);
      expect((await after.streams.info(stream)).state.messages).toBeGreaterThan(0);
      expect((await after.consumers.info(stream, consumer!.name)).name).toBe(consumer!.name);
    } finally {
      await Promise.all([admin.close(), operator.close()]);
    }
  });
});
