import mongoose, { type Connection } from 'mongoose';
import { BadRequestError, ConflictError, type TicketUpdatedData } from '@ticketing/common';
import { testUser, uniqueDatabaseUri } from '@ticketing/common/testing';
import { createTicketModel, type TicketModel } from '../data/ticket-model';
import { newOrderId } from '../test/tickets-test-service';
import { Tickets } from './tickets';

let connection: Connection;
let model: TicketModel;
let tickets: Tickets;
beforeAll(async () => {
  connection = await mongoose.createConnection(uniqueDatabaseUri('tickets_domain')).asPromise();
  model = createTicketModel(connection);
  tickets = new Tickets({ tickets: model, eventsRecorded: () => {} });
});
afterAll(async () => {
  await connection.dropDatabase();
  await connection.close();
});
afterEach(() => jest.restoreAllMocks());

/** Makes the next `times` saves lose a race: another writer changes the ticket just before each. */
function loseRaces(times: number, otherWrite: (id: unknown) => Promise<unknown>) {
  const save = model.prototype.save;
  const spy = jest.spyOn(model.prototype, 'save');
  for (let i = 0; i < times; i++) {
    spy.mockImplementationOnce(async function (this: { _id: unknown }, ...args: unknown[]) {
      await otherWrite(this._id);
      return save.apply(this, args);
    });
  }
}

const pendingEventsOf = async (id: string) =>
  (await model.findById(id).select('+outbox').lean())!.outbox.map(
    (e) => e.data as TicketUpdatedData,
  );

describe('changing a ticket under optimistic concurrency', () => {
  it('when an edit loses the race to a reservation, then it is re-read and refused instead of overwriting it', async () => {
    const owner = testUser();
    const ticket = await tickets.create(owner.id, { title: 'Before', price: 10 });
    const orderId = newOrderId();
    loseRaces(1, (id) => model.updateOne({ _id: id }, { $set: { orderId }, $inc: { version: 1 } }));

    const edit = tickets.update(ticket.id, owner.id, { title: 'After', price: 12 });

    await expect(edit).rejects.toEqual(new BadRequestError('Cannot edit a reserved ticket'));
    expect(await model.findById(ticket.id).lean()).toMatchObject({
      title: 'Before',
      price: 10,
      orderId,
      version: 1,
    });
  });

  it('when an edit loses a race to another edit, then it is applied on top of it with the next version and only its own event', async () => {
    const owner = testUser();
    const ticket = await tickets.create(owner.id, { title: 'Before', price: 10 });
    loseRaces(1, (id) =>
      model.updateOne({ _id: id }, { $set: { title: 'Other' }, $inc: { version: 1 } }),
    );

    const edited = await tickets.update(ticket.id, owner.id, { title: 'Mine', price: 12 });

    expect(edited.toJSON()).toMatchObject({ title: 'Mine', price: 12, version: 2 });
    const events = await pendingEventsOf(ticket.id);
    expect(events.map((e) => [e.title, e.version])).toEqual([
      ['Before', 0],
      ['Mine', 2],
    ]);
  });

  it('when a change keeps losing races, then it gives up with 409 and writes nothing of its own', async () => {
    const owner = testUser();
    const ticket = await tickets.create(owner.id, { title: 'Before', price: 10 });
    loseRaces(5, (id) => model.updateOne({ _id: id }, { $inc: { version: 1 } }));

    const edit = tickets.update(ticket.id, owner.id, { title: 'Never', price: 1 });

    await expect(edit).rejects.toBeInstanceOf(ConflictError);
    await expect(edit).rejects.toMatchObject({ statusCode: 409 });
    expect(await model.findById(ticket.id).lean()).toMatchObject({ title: 'Before', version: 5 });
  });
});

describe("a seller's listings", () => {
  // On MongoDB this index answers the query (its plan is an IXSCAN); FerretDB's plans on tables this
  // small are sequential scans whatever the indexes, so the test checks the index is declared and built.
  it('when the model starts, then the seller index that pages their tickets newest first exists', async () => {
    await model.init();

    const indexes = await model.listIndexes();

    expect(indexes.map((index) => index.key)).toContainEqual({ userId: 1, _id: -1 });
  });
});
