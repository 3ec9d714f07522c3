import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import {
  connectEventBus,
  createEnvelope,
  createLogger,
  loadConfig,
  PLATFORM_STREAM,
  Subjects,
  TicketStatus,
  eventBusConfigShape,
  type EventBus,
  type TicketCreatedData,
} from '@ticketing/common';
import type { CatalogPage } from '@ticketing/common/api';
import {
  dropDatabase,
  startNats,
  startStan,
  uniqueDatabaseUri,
  waitFor,
  type RunningServer,
} from '@ticketing/common/testing';
import { z } from 'zod';
import { SERVICE_NAME } from './service-name';
import { ticketEvent } from './test/catalog-fixtures';
import { startTestCatalogService, type TestCatalogService } from './test/catalog-test-service';

// Each case runs its own broker, so purging its stream or replacing it touches no other test.
const logger = createLogger('catalog-test', process.env.TEST_LOG_LEVEL ?? 'silent');

type Driver = 'jetstream' | 'stan';

interface Broker {
  env: Record<string, string>;
  server: RunningServer;
}

async function startBroker(driver: Driver): Promise<Broker> {
  if (driver === 'jetstream') {
    const server = await startNats();
    return { server, env: { EVENT_BUS: 'jetstream', NATS_URL: server.url } };
  }
  const server = await startStan();
  return {
    server,
    env: { EVENT_BUS: 'stan', NATS_URL: server.url, NATS_CLUSTER_ID: server.clusterId },
  };
}

/** A bus for the test to publish ticket events on, as the tickets service would. */
function publisherOn(broker: Broker): Promise<EventBus> {
  const config = loadConfig(z.object(eventBusConfigShape), broker.env);
  return connectEventBus(config, `test-tickets-${Date.now()}`, logger);
}

const publishTicket = (bus: EventBus, data: TicketCreatedData) =>
  bus.publish(
    createEnvelope(data.version === 0 ? Subjects.TicketCreated : Subjects.TicketUpdated, data),
  );

/**
 * A catalog replica on the broker (its real bus) and the given database. With `held`, what the
 * replica follows waits for it before each event is taken, as a slow replica on a long stream would.
 */
async function replicaOn(
  broker: Broker,
  mongoUri: string,
  held?: Promise<void>,
): Promise<TestCatalogService> {
  const config = { ...broker.env, MONGO_URI: mongoUri };
  const bus = await connectEventBus(
    loadConfig(z.object(eventBusConfigShape), config),
    SERVICE_NAME,
    logger,
  );
  const replicaBus: EventBus =
    held === undefined
      ? bus
      : new Proxy(bus, {
          get(target, property) {
            if (property === 'follow') {
              return ((subject, onEvent) =>
                target.follow(subject, async (data, event) => {
                  await held;
                  return onEvent(data, event);
                })) as EventBus['follow'];
            }
            const value: unknown = Reflect.get(target, property, target);
            return typeof value === 'function' ? value.bind(target) : value;
          },
        });
  const replica = await startTestCatalogService({ overrides: config, bus: replicaBus });
  return {
    ...replica,
    stop: async (options) => {
      await replica.stop(options);
      await bus.close();
    },
  };
}

const shownIds = async (replica: TestCatalogService, query = '') => {
  const res = await replica.http().get(`/api/catalog?pageSize=100${query}`).expect(200);
  return (res.body as CatalogPage).items.map((item) => item.id).sort();
};

const ready = (replica: TestCatalogService) =>
  waitFor(async () => (await replica.http().get('/readyz')).status === 200, {
    what: 'the replica to be ready',
    timeoutMs: 60_000,
  });

async function purgeStream(natsUrl: string): Promise<void> {
  const nc = await connect({ servers: natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.purge(PLATFORM_STREAM.name);
    expect((await jsm.streams.info(PLATFORM_STREAM.name)).state.messages).toBe(0);
  } finally {
    await nc.close();
  }
}

describe.each<Driver>(['jetstream', 'stan'])('a late-joining catalog replica on %s', (driver) => {
  let broker: Broker;
  let publisher: EventBus;
  let mongoUri: string;
  const running: TestCatalogService[] = [];
  const start = async () => {
    const replica = await replicaOn(broker, mongoUri);
    running.push(replica);
    return replica;
  };
  beforeEach(async () => {
    broker = await startBroker(driver);
    publisher = await publisherOn(broker);
    mongoUri = uniqueDatabaseUri('catalog');
  });
  afterEach(async () => {
    for (const replica of running.splice(0)) await replica.stop({ keepDatabase: true });
    await publisher.close();
    await broker.server.stop();
    await dropDatabase(mongoUri);
  });

  it('when the events of every ticket have left the stream, then a fresh replica still shows every ticket on sale', async () => {
    const first = await start();
    const onSale = Array.from({ length: 5 }, () => ticketEvent());
    const sold = ticketEvent();
    for (const ticket of [...onSale, sold]) await publishTicket(publisher, ticket);
    await publishTicket(publisher, {
      ...sold,
      version: 1,
      status: TicketStatus.Sold,
      orderId: 'o-1',
    });
    const expected = onSale.map((ticket) => ticket.id).sort();
    await waitFor(async () => JSON.stringify(await shownIds(first)) === JSON.stringify(expected), {
      what: 'the first replica to show the tickets',
    });
    await first.stop({ keepDatabase: true });
    running.splice(0);

    if (driver === 'jetstream') {
      await purgeStream(broker.server.url);
    } else {
      // NATS Streaming cannot purge a channel: a new server holds none of the old events.
      await publisher.close();
      await broker.server.stop();
      broker = await startBroker(driver);
      publisher = await publisherOn(broker);
    }
    const fresh = await start();
    await ready(fresh);

    expect(await shownIds(fresh)).toEqual(expected);
    expect(await shownIds(fresh, '&status=all')).toEqual([...expected, sold.id].sort());
  });

  it('when either of two replicas is handed a change, then both show it within a second', async () => {
    const one = await start();
    const other = await start();
    await Promise.all([ready(one), ready(other)]);
    const tickets = Array.from({ length: 6 }, () => ticketEvent());

    for (const ticket of tickets) await publishTicket(publisher, ticket);
    const listedAt = Date.now();
    const everyId = tickets.map((ticket) => ticket.id).sort();
    for (const replica of [one, other]) {
      await waitFor(
        async () => JSON.stringify(await shownIds(replica)) === JSON.stringify(everyId),
        {
          what: 'both replicas to show every ticket',
        },
      );
    }
    const shownWithinMs = Date.now() - listedAt;

    const [reserved] = tickets;
    await publishTicket(publisher, {
      ...(reserved as TicketCreatedData),
      version: 1,
      status: TicketStatus.Reserved,
      orderId: 'o-2',
    });
    const reservedAt = Date.now();
    for (const replica of [one, other]) {
      await waitFor(async () => !(await shownIds(replica)).includes(reserved?.id as string), {
        what: 'both replicas to drop the reserved ticket',
      });
    }

    expect(shownWithinMs).toBeLessThan(1_000);
    expect(Date.now() - reservedAt).toBeLessThan(1_000);
  });
});

describe('a replica starting on a long stream', () => {
  let broker: Broker;
  let mongoUri: string;
  beforeAll(async () => {
    broker = await startBroker('jetstream');
    mongoUri = uniqueDatabaseUri('catalog');
  });
  afterAll(async () => {
    await broker.server.stop();
    await dropDatabase(mongoUri);
  });

  it('when it has not caught up with the stream yet, then /readyz answers 503 and the lag is measured, then 200 with every ticket', async () => {
    const publisher = await publisherOn(broker);
    const tickets = Array.from({ length: 500 }, () => ticketEvent());
    for (let i = 0; i < tickets.length; i += 250) {
      await Promise.all(
        tickets.slice(i, i + 250).map((ticket) => publishTicket(publisher, ticket)),
      );
    }
    await publisher.close();

    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const replica = await replicaOn(broker, mongoUri, held);
    try {
      const early = await replica.http().get('/readyz');
      const metrics = await replica.http().get('/metrics');
      release();
      await ready(replica);
      const page = await replica.http().get('/api/catalog?pageSize=1').expect(200);

      expect(early.status).toBe(503);
      expect(early.body.checks).toEqual({ catalog: false });
      expect(metrics.text).toMatch(/^ticketing_catalog_events_behind\{[^}]*\} [1-9]\d*$/m);
      expect((page.body as CatalogPage).total).toBe(tickets.length);
    } finally {
      await replica.stop({ keepDatabase: true });
    }
  }, 120_000);
});
