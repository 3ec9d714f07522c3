import mongoose, { type Connection } from 'mongoose';
import { TicketStatus } from '@ticketing/common';
import {
  isFerretDb,
  planStages,
  testUser,
  uniqueDatabaseUri,
  type Explained,
} from '@ticketing/common/testing';
import { newOrderId } from '../test/tickets-test-service';
import { Tickets } from '../domain/tickets';
import {
  createTicketModel,
  reconcileStoredStatuses,
  ticketQueries,
  type TicketModel,
} from './ticket-model';

/**
 * The listing's query on the server it runs against (FerretDB unless MONGO_URL names a MongoDB; see
 * `Explained`), and the stored status it filters on.
 */

let connection: Connection;
let model: TicketModel;
let tickets: Tickets;
let onFerretDb: boolean;
beforeAll(async () => {
  connection = await mongoose.createConnection(uniqueDatabaseUri('tickets_model')).asPromise();
  model = createTicketModel(connection);
  await model.init();
  tickets = new Tickets({ tickets: model, eventsRecorded: () => {} });
  onFerretDb = await isFerretDb(connection);
});
afterAll(async () => {
  await connection.dropDatabase();
  await connection.close();
});

const onSale = { status: TicketStatus.OnSale };

/** A ticket as a version before the stored status wrote it: the order fields, no status. */
async function storedWithoutStatus(fields: { orderId?: string; soldAt?: Date }) {
  const _id = new mongoose.Types.ObjectId();
  await model.collection.insertOne({
    _id,
    title: 'Older',
    price: 10,
    userId: testUser().id,
    releasedOrderIds: [],
    version: 0,
    createdAt: new Date(),
    ...fields,
  });
  return _id.toHexString();
}

const storedStatusOf = async (id: string) =>
  (await model.collection.findOne({ _id: new mongoose.Types.ObjectId(id) }))?.status;

describe('the tickets on sale, newest first', () => {
  beforeAll(async () => {
    const seller = testUser().id;
    for (let i = 0; i < 60; i++) await tickets.create(seller, { title: `Gig ${i}`, price: 10 });
  });

  it.each([
    ['the first page', {}],
    ['a page after a cursor', { afterId: new mongoose.Types.ObjectId().toHexString() }],
  ])(
    'when %s is read, then MongoDB walks the status, _id index in page order with no sort, and FerretDB filters in PostgreSQL',
    async (_page, cursor) => {
      const explained = (await ticketQueries
        .page(model, onSale, { limit: 50, ...cursor })
        .explain()) as Explained;

      if (onFerretDb) {
        expect(explained.filterPushdown).toBe(true);
      } else {
        const stages = planStages(explained.queryPlanner!.winningPlan);
        expect(stages).toContainEqual({ stage: 'IXSCAN', indexName: 'status_1__id_-1' });
        expect(stages.map((s) => s.stage)).not.toContain('SORT');
        expect(stages.map((s) => s.stage)).not.toContain('COLLSCAN');
      }
    },
  );

  it('when a ticket is reserved, sold or released, then every save stores the status it then has', async () => {
    const ticket = await tickets.create(testUser().id, { title: 'Moving', price: 10 });
    expect(await storedStatusOf(ticket.id)).toBe(TicketStatus.OnSale);
    const [first, second] = [newOrderId(), newOrderId()];

    await tickets.reserve(ticket.id, first, new Date(Date.now() + 60_000));
    expect(await storedStatusOf(ticket.id)).toBe(TicketStatus.Reserved);
    await tickets.release(ticket.id, first);
    expect(await storedStatusOf(ticket.id)).toBe(TicketStatus.OnSale);
    await tickets.reserve(ticket.id, second, new Date(Date.now() + 60_000));
    await tickets.sell(ticket.id, second);
    expect(await storedStatusOf(ticket.id)).toBe(TicketStatus.Sold);
  });
});

describe('reconciling the stored status at start', () => {
  it('when tickets were stored without a status, or with one out of step, then each gets the status its order fields say, and the listing shows only those on sale', async () => {
    const free = await storedWithoutStatus({});
    const held = await storedWithoutStatus({ orderId: newOrderId() });
    const sold = await storedWithoutStatus({ orderId: newOrderId(), soldAt: new Date() });
    // An older replica released this one after the status was stored: its status says reserved.
    const released = await storedWithoutStatus({});
    await model.collection.updateOne(
      { _id: new mongoose.Types.ObjectId(released) },
      { $set: { status: TicketStatus.Reserved } },
    );

    expect(await reconcileStoredStatuses(model)).toBe(4);

    expect(await storedStatusOf(free)).toBe(TicketStatus.OnSale);
    expect(await storedStatusOf(held)).toBe(TicketStatus.Reserved);
    expect(await storedStatusOf(sold)).toBe(TicketStatus.Sold);
    expect(await storedStatusOf(released)).toBe(TicketStatus.OnSale);
    const listed = (await tickets.listOnSale({ limit: 100 })).tickets.map((t) => t.id);
    expect(listed).toEqual(expect.arrayContaining([free, released]));
    expect(listed).not.toContain(held);
    expect(listed).not.toContain(sold);
  });

  it('when every stored status is in step, then reconciling changes nothing', async () => {
    await reconcileStoredStatuses(model);

    expect(await reconcileStoredStatuses(model)).toBe(0);
  });
});
