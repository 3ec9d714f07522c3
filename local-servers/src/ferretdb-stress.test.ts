import mongoose from 'mongoose';

import { startFerretDb } from './ferretdb';
import type { RunningServer } from './server';

const CONNECTIONS = 100;
/** Requests in flight share the connections, as a service's requests share its pool. */
const CONCURRENT_REQUESTS = 2 * CONNECTIONS;
const DURATION_MS = 30_000;
/** Far above any answer's time on an idle machine: only a stuck server reaches it. */
const REQUEST_TIMEOUT_MS = 15_000;
/** More than one batch (101 documents), so every find leaves a cursor open for its getMore. */
const SEEDED_DOCUMENTS = 250;

// `npm start` froze under 50 connections: FerretDB's PostgreSQL backend waited for itself. The
// traffic that did it: finds whose cursors outlive their first batch, inserts, and collections
// created for the first time, all at once.
describe('FerretDB on PostgreSQL under load', () => {
  let server: RunningServer;
  let client: mongoose.mongo.MongoClient;
  beforeAll(async () => {
    server = await startFerretDb('postgresql');
    client = new mongoose.mongo.MongoClient(server.url, {
      minPoolSize: CONNECTIONS,
      maxPoolSize: CONNECTIONS,
      serverSelectionTimeoutMS: REQUEST_TIMEOUT_MS,
      socketTimeoutMS: REQUEST_TIMEOUT_MS,
      waitQueueTimeoutMS: REQUEST_TIMEOUT_MS,
    });
    await client.connect();
    await client
      .db('stress')
      .collection('tickets')
      .insertMany(
        Array.from({ length: SEEDED_DOCUMENTS }, (_, i) => ({ title: `ticket ${i}`, price: i })),
      );
  }, 60_000);
  afterAll(async () => {
    await client?.close();
    await server?.stop();
  });

  it(`when ${CONNECTIONS} connections send finds, inserts and first-time collection creations for 30 s, then every request is answered`, async () => {
    const db = client.db('stress');
    const tickets = db.collection('tickets');
    const errors: string[] = [];
    let answered = 0;
    const deadline = Date.now() + DURATION_MS;

    const worker = async (id: number) => {
      for (let round = 0; Date.now() < deadline; round++) {
        const kind = (id + round) % 3;
        try {
          if (kind === 0) {
            await tickets.find({ price: { $gte: 0 } }, { batchSize: 50 }).toArray();
          } else if (kind === 1) {
            await tickets.insertOne({ title: `from ${id}`, price: round });
          } else {
            await db.collection(`orders_${id}_${round}`).insertOne({ ticket: round });
          }
          answered++;
        } catch (error) {
          errors.push(error instanceof Error ? error.message : String(error));
          if (errors.length > 20) return;
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENT_REQUESTS }, (_, id) => worker(id)));

    expect(errors).toEqual([]);
    expect(answered).toBeGreaterThan(CONNECTIONS);
    expect(await db.command({ ping: 1 })).toMatchObject({ ok: 1 });
  }, 120_000);
});
