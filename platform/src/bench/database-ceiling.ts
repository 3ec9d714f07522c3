import mongoose from 'mongoose';
import { databaseUrl } from '../infrastructure';
import { callersRow, type Row } from './measure';

type Db = mongoose.mongo.Db;

export interface CeilingQuery {
  /** The endpoint whose query this is. */
  endpoint: string;
  /** The service whose database it reads. */
  database: string;
  /** The same query the endpoint's handler sends, with the same filter, projection, sort and limit. */
  run(db: Db): Promise<unknown>;
}

/**
 * What the database alone serves of one endpoint's query: the MongoDB driver sends it from
 * `connections` callers at once for `durationSeconds`, against the same server, with the same pool
 * size as a service (the driver's default), and no HTTP, gateway or service in between. An endpoint
 * at 100 % of its ceiling would add nothing to its query's cost.
 */
export async function measureCeiling(
  mongoUrl: string,
  query: CeilingQuery,
  { connections, durationSeconds }: { connections: number; durationSeconds: number },
): Promise<Row> {
  const client = await new mongoose.mongo.MongoClient(
    databaseUrl(mongoUrl, query.database),
  ).connect();
  try {
    const db = client.db();
    await query.run(db); // the pool's first connection, outside the measurement
    const deadline = performance.now() + durationSeconds * 1000;
    return await callersRow(
      `${query.endpoint}: its query alone, by the MongoDB driver (its ceiling)`,
      connections,
      () => performance.now() < deadline,
      () => query.run(db),
    );
  } finally {
    await client.close();
  }
}

/**
 * The reads of the tickets service, as its handlers send them (`tickets/src/domain/tickets.ts`):
 * keep the two in step, or the ratio compares different work.
 */
export const ticketReads = (ticketId: string) => ({
  byId: {
    endpoint: 'GET /api/tickets/:id',
    database: 'tickets',
    run: (db: Db) =>
      db
        .collection('tickets')
        .findOne(
          { _id: new mongoose.mongo.ObjectId(ticketId) },
          { projection: { outbox: 0, releasedOrderIds: 0 } },
        ),
  },
  page: {
    endpoint: 'GET /api/tickets',
    database: 'tickets',
    run: (db: Db) =>
      db
        .collection('tickets')
        .find({ status: 'on-sale' }, { projection: { outbox: 0, releasedOrderIds: 0 } })
        .sort({ _id: -1 })
        .limit(51)
        .toArray(),
  },
});
