import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { databaseUrl } from '../infrastructure';
import { callersRow, percentile, type Row } from './measure';

type Db = mongoose.mongo.Db;
type Collection = mongoose.mongo.Collection<mongoose.mongo.Document>;
const { ObjectId } = mongoose.mongo;

/** The services' collections the writes go to, each copied (with its indexes) into a scratch database. */
const COPIED = {
  tickets: ['tickets', 'tickets'],
  ticketCopies: ['orders', 'tickets'],
  orders: ['orders', 'orders'],
  catalog: ['catalog', 'catalog_tickets'],
  orderCopies: ['payments', 'orders'],
} as const;
type Collections = Record<keyof typeof COPIED, Collection>;

const envelope = (subject: string, data: object) => ({
  id: randomUUID(),
  subject,
  occurredAt: new Date().toISOString(),
  data,
});
/** Removes a published event as the relay does: by the whole envelope (FerretDB cannot `$pull` by a condition). */
const pullEvent = (event: ReturnType<typeof envelope>) => ({ $pull: { outbox: event } }) as never;

/**
 * What the database alone does of the platform's writes: the writes and reads the services send
 * for a new ticket and for an order, with documents of the same shape, into collections with the
 * same indexes (copies of the services' own, in scratch databases on the same server), sent by the
 * MongoDB driver from as many callers as the benchmark's, with nothing else running. No HTTP, no
 * bus, no service in between: what is left of a write scenario's time once those are free.
 */
export class WriteCeiling {
  private constructor(
    private readonly clients: mongoose.mongo.MongoClient[],
    private readonly scratch: Db[],
    private readonly collections: Collections,
  ) {}

  static async open(mongoUrl: string): Promise<WriteCeiling> {
    const clients: mongoose.mongo.MongoClient[] = [];
    const scratch: Db[] = [];
    const collections = {} as Collections;
    try {
      for (const [name, [database, collection]] of Object.entries(COPIED)) {
        const source = await new mongoose.mongo.MongoClient(
          databaseUrl(mongoUrl, database),
        ).connect();
        clients.push(source);
        const target = await new mongoose.mongo.MongoClient(
          databaseUrl(mongoUrl, `ceiling_${database}_${randomUUID().slice(0, 8)}`),
        ).connect();
        clients.push(target);
        scratch.push(target.db());
        const copy = await target.db().createCollection(collection);
        for (const index of await source.db().collection(collection).indexes()) {
          if (index.name === '_id_') continue;
          await copy.createIndex(index.key, {
            unique: index.unique === true,
            sparse: index.sparse === true,
          });
        }
        collections[name as keyof typeof COPIED] = copy;
      }
    } catch (err) {
      await new WriteCeiling(clients, scratch, collections).close();
      throw err;
    }
    return new WriteCeiling(clients, scratch, collections);
  }

  /**
   * A new ticket: tickets inserts it with its ticket.created and removes the event once published;
   * orders stores its copy; the catalog upserts its own.
   */
  private async newTicket(): Promise<string> {
    const { tickets, ticketCopies, catalog } = this.collections;
    const _id = new ObjectId();
    const state = { title: 'Benchmark gig', price: 19.99, userId: new ObjectId().toHexString() };
    const created = envelope('ticket.created', { id: _id.toHexString(), version: 0, ...state });
    const now = new Date();
    await tickets.insertOne({
      _id,
      ...state,
      releasedOrderIds: [],
      createdAt: now,
      updatedAt: now,
      version: 0,
      outbox: [created],
    });
    await tickets.updateOne({ _id }, pullEvent(created));
    const id = _id.toHexString();
    await ticketCopies.insertOne({
      _id: id as never,
      title: state.title,
      price: state.price,
      sellerId: state.userId,
      version: 0,
    });
    await catalog.updateOne(
      { _id: id as never, version: { $lt: 0 } },
      { $set: { ...state, status: 'on-sale', listedAt: now, version: 0 } },
      { upsert: true },
    );
    return id;
  }

  /**
   * An order of `ticketId`: orders reads its copy of the ticket, inserts the order with its
   * order.created (the unique index on the ordered ticket) and removes the event once published;
   * tickets reads the ticket with its outbox, reserves it with its ticket.updated and removes that;
   * orders and the catalog update their copies; payments stores its copy of the order.
   */
  private async newOrder(ticketId: string): Promise<void> {
    const { tickets, ticketCopies, orders, catalog, orderCopies } = this.collections;
    const copy = await ticketCopies.findOne({ _id: ticketId as never });
    if (!copy) throw new Error(`no copy of ticket ${ticketId}`);
    const orderId = new ObjectId();
    const expiresAt = new Date(Date.now() + 15 * 60_000);
    const order = { id: orderId.toHexString(), version: 0, status: 'created', expiresAt };
    const created = envelope('order.created', {
      ...order,
      ticket: { id: ticketId, price: copy.price },
    });
    await orders.insertOne({
      _id: orderId,
      userId: new ObjectId().toHexString(),
      status: 'created',
      expiresAt,
      ticket: { id: ticketId, title: copy.title, price: copy.price },
      activeTicketId: ticketId,
      version: 0,
      outbox: [created],
    });
    await orders.updateOne({ _id: orderId }, pullEvent(created));

    const _id = new ObjectId(ticketId);
    const ticket = await tickets.findOne({ _id });
    if (!ticket) throw new Error(`no ticket ${ticketId}`);
    const updated = envelope('ticket.updated', { id: ticketId, version: 1, orderId: order.id });
    await tickets.updateOne(
      { _id, version: ticket.version },
      {
        $set: { orderId: order.id, reservedUntil: expiresAt, updatedAt: new Date(), version: 1 },
        $push: { outbox: updated } as never,
      },
    );
    await tickets.updateOne({ _id }, pullEvent(updated));
    await ticketCopies.updateOne({ _id: ticketId as never, version: 0 }, { $set: { version: 1 } });
    await catalog.updateOne(
      { _id: ticketId as never, version: { $lt: 1 } },
      { $set: { status: 'reserved', version: 1 } },
      { upsert: true },
    );
    await orderCopies.insertOne({
      _id: order.id as never,
      userId: new ObjectId().toHexString(),
      price: copy.price,
      status: 'created',
      version: 0,
    });
  }

  /**
   * `count` new tickets' writes, `atOnce` at a time (as the burst creates them): the time it took,
   * and each ticket's writes' time.
   */
  async ticketBurst(
    count: number,
    atOnce: number,
  ): Promise<{ ms: number; ticketIds: string[]; p50Ms: number; p99Ms: number }> {
    const started = performance.now();
    const ticketIds: string[] = [];
    const latenciesMs: number[] = [];
    const timedNewTicket = async () => {
      const sent = performance.now();
      const id = await this.newTicket();
      latenciesMs.push(performance.now() - sent);
      return id;
    };
    for (let i = 0; i < count; i += atOnce) {
      ticketIds.push(
        ...(await Promise.all(Array.from({ length: Math.min(atOnce, count - i) }, timedNewTicket))),
      );
    }
    return {
      ms: Math.round(performance.now() - started),
      ticketIds,
      p50Ms: Math.round(percentile(latenciesMs, 50)),
      p99Ms: Math.round(percentile(latenciesMs, 99)),
    };
  }

  /** The writes of one order for each of `ticketIds`, from `connections` callers at once. */
  orders(ticketIds: readonly string[], connections: number, name: string): Promise<Row> {
    let next = 0;
    return callersRow(
      name,
      connections,
      () => next < ticketIds.length,
      () => this.newOrder(ticketIds[next++]!),
    );
  }

  async close(): Promise<void> {
    for (const db of this.scratch) await db.dropDatabase();
    await Promise.all(this.clients.map((client) => client.close()));
  }
}
