import mongoose from 'mongoose';

import { startMongo } from './mongo';
import type { RunningServer } from './server';
import { withEnv } from './test/helpers';

describe('startMongo', () => {
  describe.each(['ferretdb-sqlite', 'ferretdb-postgresql'])('as %s', (kind) => {
    let server: RunningServer;
    let conn: mongoose.Connection;
    beforeAll(async () => {
      // Exercise the launcher itself, even when a jest globalSetup exported MONGO_URL.
      server = await withEnv({ MONGO_URL: undefined, TEST_MONGO_SERVER: kind }, () => startMongo());
      conn = await mongoose
        .createConnection(server.url, { dbName: 'servers_test', maxPoolSize: 10 })
        .asPromise();
    });
    afterAll(async () => {
      await conn?.close();
      await server?.stop();
    });

    it('when started, then accepts a mongoose connection that inserts and finds a document', async () => {
      expect(server.url).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/$/);
      const Ticket = conn.model('Ticket', new mongoose.Schema({ title: String, price: Number }));
      await Ticket.create({ title: 'concert', price: 20 });
      const found = await Ticket.findOne({ title: 'concert' }).lean();
      expect(found).toMatchObject({ title: 'concert', price: 20 });
    });

    // FerretDB alone ends at 3 to 12 here: each update reads, modifies and writes back unisolated.
    it('when 50 increments of one document arrive at once over a pool, then none is lost', async () => {
      const counters = conn.collection('counters');
      const { insertedId } = await counters.insertOne({ n: 0 });
      await Promise.all(
        Array.from({ length: 50 }, () =>
          counters.updateOne({ _id: insertedId }, { $inc: { n: 1 } }),
        ),
      );
      expect(await counters.findOne({ _id: insertedId })).toMatchObject({ n: 50 });
    });

    it('when 20 conditional updates of the same version race, then exactly one applies', async () => {
      const versions = conn.collection('versions');
      const { insertedId } = await versions.insertOne({ v: 0 });
      const results = await Promise.all(
        Array.from({ length: 20 }, () =>
          versions.updateOne({ _id: insertedId, v: 0 }, { $inc: { v: 1 } }),
        ),
      );
      expect(results.filter((r) => r.modifiedCount === 1)).toHaveLength(1);
      expect(await versions.findOne({ _id: insertedId })).toMatchObject({ v: 1 });
    });
  });

  it('when MONGO_URL is set, then it is returned as-is and stop() is a no-op', async () => {
    const url = 'mongodb://mongo.example.invalid:27017/';
    const server = await withEnv({ MONGO_URL: url }, () => startMongo());
    expect(server.url).toBe(url);
    await expect(server.stop()).resolves.toBeUndefined();
  });

  it('when TEST_MONGO_SERVER is unknown, then it throws one line naming the valid values', async () => {
    await expect(
      withEnv({ MONGO_URL: undefined, TEST_MONGO_SERVER: 'postgres' }, () => startMongo()),
    ).rejects.toThrow(
      /^TEST_MONGO_SERVER must be one of ferretdb, ferretdb-postgresql, ferretdb-sqlite, memory-server \(or unset\), got "postgres"$/,
    );
  });
});
