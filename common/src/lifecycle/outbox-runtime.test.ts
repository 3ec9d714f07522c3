import type { RequestListener } from 'node:http';
import mongoose, { Schema, type Connection, type Model } from 'mongoose';
import request from 'supertest';
import { busConfig, logger, ticketData } from '../bus/test/bus-fixtures';
import { Subjects } from '../events/catalogue';
import type { Health } from '../http/health';
import { outboxPlugin, type OutboxFields, type OutboxMethods } from '../outbox/outbox';
import { uniqueDatabaseUri } from '../testing/database';
import { InMemoryEventBus } from '../testing/in-memory-bus';
import { waitFor } from '../testing/wait-for';
import { startOutboxService, type OutboxRuntime, type OutboxRuntimeConfig } from './outbox-runtime';

interface Gadget extends OutboxFields {
  title: string;
}
type GadgetModel = Model<Gadget, object, OutboxMethods>;

const gadgetSchema = new Schema<Gadget, GadgetModel, OutboxMethods>({ title: String });
gadgetSchema.plugin(outboxPlugin);

const runtimeConfig = (): OutboxRuntimeConfig => ({
  ...busConfig('jetstream'),
  MONGO_URI: uniqueDatabaseUri('runtime'),
  OUTBOX_POLL_INTERVAL_MS: 60_000,
});

async function dropDatabase(uri: string) {
  const connection = await mongoose.createConnection(uri).asPromise();
  await connection.dropDatabase();
  await connection.close();
}

/** An app that answers /readyz from the service's health, and "ok" to anything else. */
const healthApp =
  (health: Health): RequestListener =>
  (req, res) => {
    if (req.url !== '/readyz') return res.end('ok');
    const ready = !health.isShuttingDown() && Object.values(health.readiness).every((c) => c());
    res.statusCode = ready ? 200 : 503;
    res.end();
  };

describe('a service that publishes through the outbox', () => {
  it('when a write records an event, then the relay publishes it; stop() closes HTTP and Mongo and leaves the given bus open', async () => {
    const config = runtimeConfig();
    const bus = new InMemoryEventBus();
    const closeBus = jest.spyOn(bus, 'close');
    let connection: Connection | undefined;
    let runtime: OutboxRuntime<{ gadgets: GadgetModel }> | undefined;
    let health: Health | undefined;
    const service = await startOutboxService({
      config,
      serviceName: 'gadgets',
      logger,
      bus,
      port: 0,
      models: (conn) => {
        connection = conn;
        return { gadgets: conn.model<Gadget, GadgetModel>('Gadget', gadgetSchema) };
      },
      publishesFrom: ({ gadgets }) => [gadgets],
      wire: async (given) => {
        runtime = given;
        return (givenHealth) => ((health = givenHealth), healthApp(givenHealth));
      },
    });
    const data = ticketData();

    const gadget = new runtime!.models.gadgets({ title: data.title });
    gadget.recordEvent(Subjects.TicketCreated, data);
    await gadget.save();
    runtime!.eventsRecorded(gadget);

    await waitFor(() => bus.dataOf(Subjects.TicketCreated).some((d) => d.id === data.id), {
      what: 'the recorded event on the bus',
    });
    await request(`http://127.0.0.1:${service.port}`).get('/readyz').expect(200);

    await service.stop();

    expect(health!.isShuttingDown()).toBe(true);
    expect(health!.readiness.mongo!()).toBe(false);
    expect(connection!.readyState).toBe(mongoose.ConnectionStates.disconnected);
    await expect(request(`http://127.0.0.1:${service.port}`).get('/')).rejects.toThrow();
    expect(closeBus).not.toHaveBeenCalled();
    await dropDatabase(config.MONGO_URI);
  });

  it('when the bus is down, then it stays ready: writes still succeed and their events wait in the outbox', async () => {
    const bus = new InMemoryEventBus();
    const service = await startOutboxService({
      config: runtimeConfig(),
      serviceName: 'gadgets',
      logger,
      bus,
      port: 0,
      models: () => ({}),
      publishesFrom: () => [],
      wire: async () => healthApp,
    });
    try {
      bus.failPublishes = true;

      await request(`http://127.0.0.1:${service.port}`).get('/readyz').expect(200);
    } finally {
      await service.stop();
    }
  });

  it('when no bus is given, then it connects the configured one and stop() closes it', async () => {
    let runtime: OutboxRuntime<object> | undefined;
    const service = await startOutboxService({
      config: runtimeConfig(),
      serviceName: 'gadgets',
      logger,
      port: 0,
      models: () => ({}),
      publishesFrom: () => [],
      wire: async (given) => ((runtime = given), healthApp),
    });
    expect(runtime!.bus.isConnected()).toBe(true);

    await service.stop();

    expect(runtime!.bus.isConnected()).toBe(false);
  });

  it('when the start fails after connecting, then what it connected is closed and the error thrown', async () => {
    const failure = new Error('index build failed');
    let connection: Connection | undefined;

    const starting = startOutboxService({
      config: runtimeConfig(),
      serviceName: 'gadgets',
      logger,
      bus: new InMemoryEventBus(),
      port: 0,
      models: (conn) => {
        connection = conn;
        throw failure;
      },
      publishesFrom: () => [],
      wire: async () => healthApp,
    });

    await expect(starting).rejects.toBe(failure);
    expect(connection!.readyState).toBe(mongoose.ConnectionStates.disconnected);
  });

  it('when wiring fails, then the relay, the bus and Mongo are released and the error thrown', async () => {
    const failure = new Error('listener refused');
    let runtime: OutboxRuntime<object> | undefined;

    const starting = startOutboxService({
      config: runtimeConfig(),
      serviceName: 'gadgets',
      logger,
      port: 0,
      models: () => ({}),
      publishesFrom: () => [],
      wire: async (given) => {
        runtime = given;
        throw failure;
      },
    });

    await expect(starting).rejects.toBe(failure);
    expect(runtime!.bus.isConnected()).toBe(false);
  });
});
