import mongoose from 'mongoose';
import type { OutboxFields } from '../outbox/outbox';
import { PENDING_OUTBOX_FILTER } from '../outbox/outbox';

export interface OutboxStatus {
  /** The database's name: each service's own (`mongodb://…/orders`). */
  database: string;
  pendingEvents: number;
  documents: number;
  /** Seconds since the oldest pending event occurred; undefined when nothing is pending. */
  oldestAgeSeconds: number | undefined;
}

const SYSTEM_DATABASES = new Set(['admin', 'local', 'config']);

/**
 * The outbox of each database: a URI naming a database (a service's MONGO_URI) is that one; a URI
 * naming only a server (the one `npm start` runs) is every database on it. Any collection may hold
 * outbox documents, so every collection is looked at.
 */
export async function outboxStatus(uris: string[], now = new Date()): Promise<OutboxStatus[]> {
  const statuses: OutboxStatus[] = [];
  for (const uri of uris) {
    const connection = await mongoose
      .createConnection(uri, { serverSelectionTimeoutMS: 5_000 })
      .asPromise();
    try {
      const client = connection.getClient();
      const named = databaseOf(uri);
      const databases = named
        ? [named]
        : (await client.db().admin().listDatabases({ nameOnly: true })).databases
            .map((db) => db.name)
            .filter((name) => !SYSTEM_DATABASES.has(name))
            .sort();
      for (const database of databases)
        statuses.push(await databaseStatus(client.db(database), now));
    } finally {
      await connection.close();
    }
  }
  return statuses;
}

/** The database a URI names, if any: `mongodb://user:pw@a:1,b:2/orders?authSource=admin` → orders. */
function databaseOf(uri: string): string | undefined {
  const path = /^mongodb(?:\+srv)?:\/\/[^/]+\/([^?]*)/.exec(uri)?.[1];
  return path ? decodeURIComponent(path) : undefined;
}

type Db = ReturnType<mongoose.mongo.MongoClient['db']>;

async function databaseStatus(db: Db, now: Date): Promise<OutboxStatus> {
  const status: OutboxStatus = {
    database: db.databaseName,
    pendingEvents: 0,
    documents: 0,
    oldestAgeSeconds: undefined,
  };
  let oldest: number | undefined;
  const collections = await db.listCollections({}, { nameOnly: true }).toArray();
  for (const { name } of collections) {
    const pending = db
      .collection<OutboxFields>(name)
      .find(PENDING_OUTBOX_FILTER, { projection: { outbox: 1 } });
    for await (const doc of pending) {
      status.documents += 1;
      status.pendingEvents += doc.outbox.length;
      for (const event of doc.outbox) {
        const at = Date.parse(event.occurredAt);
        if (!Number.isNaN(at) && (oldest === undefined || at < oldest)) oldest = at;
      }
    }
  }
  if (oldest !== undefined) status.oldestAgeSeconds = Math.max(0, (now.getTime() - oldest) / 1_000);
  return status;
}
