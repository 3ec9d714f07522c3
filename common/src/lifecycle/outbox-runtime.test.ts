import mongoose, { Schema, type Connection, type Model } from 'mongoose';
import request from 'supertest';
import { busConfig, logger, ticketData } from '../bus/test/bus-fixtures';
import { Subjects } from '../events/catalogue';
import { outboxPlugin, type OutboxFields, type OutboxMethods } from '../outbox/outbox';
import { uniqueDatabaseUri } from '../testing/database';
import { InMemoryEventBus } from '../testing/in-memory-bus';
import { waitFor } from '../testing/wait-for';
import { startOutboxRuntime, type OutboxRuntimeConfig } from './outbox-runtime';

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

describe('the runtime of a service that publishes through the outbox', () => {
  it('when a write records an event, then the relay publishes it; stop() closes HTTP and Mongo and leaves the given bus open', async () => {
    const config = runtimeConfig();
    const bus = new InMemoryEventBus();
    const closeBus = jest.spyOn(bus, 'close');
    let connection: Connection | undefined;
    const runtime = await startOutboxRuntime({
      config,
      serviceName: 'gadgets',
      logger,
      bus,
      models: (conn) => {
        connection = conn;
        return { gadgets: conn.model<Gadget, GadgetModel>('Gadget', gadgetSchema) };
      },
      publishesFrom: ({ gadgets }) => [gadgets],
    });
    const service = await runtime.serve((_req, res) => res.end('ok'), 0);
    const data = ticketData();

    const gadget = new runtime.models.gadgets({ title: data.title });
    gadget.recordEvent(Subjects.TicketCreated, data);
    await gadget.save();
    runtime.relay.nudge(gadget);

    await waitFor(() => bus.dataOf(Subjects.TicketCreated).some((d) => d.id === data.id), {
      what: 'the recorded event on the bus',
    });
    expect(runtime.isMongoConnected()).toBe(true);
    await request(`http://127.0.0.1:${service.port}`).get('/').expect(200);

    await service.stop();

    expect(runtime.isShuttingDown()).toBe(true);
    expect(runtime.isMongoConnected()).toBe(false);
    expect(connection!.readyState).toBe(mongoose.ConnectionStates.disconnected);
    await expect(request(`http://127.0.0.1:${service.port}`).get('/')).rejects.toThrow();
    expect(closeBus).not.toHaveBeenCalled();
    await dropDatabase(config.MONGO_URI);
  });

  it('when no bus is given, then it connects the configured one and stop() closes it', async () => {
    const runtime = await startOutboxRuntime({
      config: runtimeConfig(),
      serviceName: 'gadgets',
      logger,
      models: () => ({}),
      publishesFrom: () => [],
    });
    expect(runtime.bus.isConnected()).toBe(true);

    await runtime.stop();

    expect(runtime.bus.isConnected()).toBe(false);
  });

  it('when the start fails after connecting, then what it connected is closed and the error thrown', async () => {
    const failure = new Error('index build failed');
    let connection: Connection | undefined;

    const starting = startOutboxRuntime({
      config: runtimeConfig(),
      serviceName: 'gadgets',
      logger,
      bus: new InMemoryEventBus(),
      models: (conn) => {
        connection = conn;
        throw failure;
      },
      publishesFrom: () => [],
    });

    await expect(starting).rejects.toBe(failure);
    expect(connection!.readyState).toBe(mongoose.ConnectionStates.disconnected);
  });
});
