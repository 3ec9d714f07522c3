import { setTimeout as sleep } from 'node:timers/promises';
import mongoose from 'mongoose';
import { databaseUrl } from '../infrastructure';

const LOOKUPS_AT_ONCE = 50;

/**
 * Resolves once the orders service knows every one of `ticketIds` (its copy of a ticket exists, so
 * the ticket can be ordered), read from its database. Orders handles different tickets' events side
 * by side, so the last ticket created being orderable says nothing about the others: each is checked.
 */
export async function waitForOrdersToKnow(
  mongoUrl: string,
  ticketIds: readonly string[],
  timeoutMs: number,
): Promise<void> {
  const client = await new mongoose.mongo.MongoClient(databaseUrl(mongoUrl, 'orders')).connect();
  try {
    // Orders keeps its copy of a ticket under the ticket's own id.
    const copies = client.db().collection<{ _id: string }>('tickets');
    let unknown = [...ticketIds];
    const deadline = Date.now() + timeoutMs;
    while (unknown.length > 0) {
      if (Date.now() > deadline)
        throw new Error(`orders did not know ${unknown.length} tickets after ${timeoutMs} ms`);
      // Lookups by _id, the one filter FerretDB answers from its index (an $in reads the whole
      // collection, which would load the server being measured), a chunk at a time.
      const chunk = unknown.slice(0, LOOKUPS_AT_ONCE);
      const found = await Promise.all(
        chunk.map((_id) => copies.findOne({ _id }, { projection: { _id: 1 } })),
      );
      const known = new Set(found.map((copy) => copy?._id));
      unknown = unknown.filter((id) => !known.has(id));
      if (known.size < chunk.length) await sleep(50);
    }
  } finally {
    await client.close();
  }
}
