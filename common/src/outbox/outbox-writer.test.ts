import mongoose, { Schema, Types, type Connection, type Model } from 'mongoose';
import { ticketData } from '../bus/test/bus-fixtures';
import { ConflictError } from '../errors/app-error';
import { Subjects } from '../events/catalogue';
import { uniqueDatabaseUri } from '../testing/database';
import { outboxPlugin, type OutboxFields, type OutboxMethods } from './outbox';
import type { ChangedDocument } from './outbox-relay';
import { changed, OutboxWriter, unchanged } from './outbox-writer';

interface Counter extends OutboxFields {
  count: number;
  version: number;
}
type CounterModel = Model<Counter, object, OutboxMethods>;

const counterSchema = new Schema<Counter, CounterModel, OutboxMethods>(
  { count: { type: Number, default: 0 } },
  { versionKey: 'version', optimisticConcurrency: true },
);
counterSchema.plugin(outboxPlugin);

let connection: Connection;
let Counters: CounterModel;
beforeAll(async () => {
  connection = await mongoose.createConnection(uniqueDatabaseUri('outbox_writer')).asPromise();
  Counters = connection.model<Counter, CounterModel>('Counter', counterSchema);
});
afterAll(async () => {
  await connection.dropDatabase();
  await connection.close();
});
afterEach(() => jest.restoreAllMocks());

/** A writer whose nudges are recorded, each with whether its document was already stored then. */
function recordingWriter() {
  const nudges: { id: string; storedCount: number | undefined }[] = [];
  const pending: Promise<void>[] = [];
  const writer = new OutboxWriter(Counters, {
    eventsRecorded: (document: ChangedDocument) => {
      const id = String(document._id);
      pending.push(
        Counters.findById(id)
          .lean()
          .then((stored) => void nudges.push({ id, storedCount: stored?.count })),
      );
    },
    beforeSave: (counter) =>
      counter.recordEvent(Subjects.TicketUpdated, eventOf(counter, counter.version + 1)),
  });
  const nudged = async () => {
    await Promise.all(pending);
    return nudges;
  };
  return { writer, nudged };
}

const eventOf = (counter: { id: unknown; count: number }, version: number) => ({
  ...ticketData({ id: String(counter.id), version }),
  price: counter.count,
});

const increment = (counter: { count: number }) => {
  counter.count += 1;
  return changed(counter.count);
};

/** Makes the next `times` saves lose a race: another writer bumps the counter just before each. */
function loseRaces(times: number) {
  const save = Counters.prototype.save;
  const spy = jest.spyOn(Counters.prototype, 'save');
  for (let i = 0; i < times; i++) {
    spy.mockImplementationOnce(async function (this: { _id: unknown }, ...args: unknown[]) {
      await Counters.updateOne({ _id: this._id }, { $inc: { count: 100, version: 1 } });
      return save.apply(this, args);
    });
  }
}

const storedOf = async (id: unknown) =>
  (await Counters.findById(id).select('+outbox').lean<Counter>())!;

describe('the outbox write protocol', () => {
  it('when a document is inserted, then it is saved with its events and the relay is nudged after the save', async () => {
    const { writer, nudged } = recordingWriter();
    const counter = new Counters({ count: 1 });
    counter.recordEvent(Subjects.TicketCreated, eventOf(counter, 0));

    await writer.insert(counter);

    expect((await storedOf(counter._id)).outbox).toHaveLength(1);
    expect(await nudged()).toEqual([{ id: counter.id, storedCount: 1 }]);
  });

  it('when decide changes the document, then the change and the event recorded before the save are written together, then the relay is nudged', async () => {
    const { writer, nudged } = recordingWriter();
    const counter = await Counters.create({ count: 1 });

    const result = await writer.change(counter.id as string, increment);

    expect(result).toBe(2);
    const stored = await storedOf(counter._id);
    expect(stored).toMatchObject({ count: 2, version: 1 });
    expect(stored.outbox.map((e) => [e.subject, (e.data as { version: number }).version])).toEqual([
      [Subjects.TicketUpdated, 1],
    ]);
    expect(await nudged()).toEqual([{ id: counter.id, storedCount: 2 }]);
  });

  it('when decide leaves the document unchanged, then nothing is saved, no event recorded and no nudge given', async () => {
    const { writer, nudged } = recordingWriter();
    const counter = await Counters.create({ count: 1 });
    const save = jest.spyOn(Counters.prototype, 'save');

    const result = await writer.change(counter.id as string, () => unchanged('as it was'));

    expect(result).toBe('as it was');
    expect(save).not.toHaveBeenCalled();
    expect(await storedOf(counter._id)).toMatchObject({ count: 1, version: 0, outbox: [] });
    expect(await nudged()).toEqual([]);
  });

  it('when the save loses a race, then the read and the decision run again on the new version, and one event is recorded', async () => {
    const { writer, nudged } = recordingWriter();
    const counter = await Counters.create({ count: 1 });
    loseRaces(2);
    const seen: number[] = [];

    const result = await writer.change(counter.id as string, (c) => {
      seen.push(c.count);
      return increment(c);
    });

    expect(seen).toEqual([1, 101, 201]);
    expect(result).toBe(202);
    const stored = await storedOf(counter._id);
    expect(stored).toMatchObject({ count: 202, version: 3 });
    expect(stored.outbox).toHaveLength(1);
    expect(await nudged()).toEqual([{ id: counter.id, storedCount: 202 }]);
  });

  it('when the save loses five races in a row, then it gives up with a conflict and nudges nothing', async () => {
    const { writer, nudged } = recordingWriter();
    const counter = await Counters.create({ count: 1 });
    loseRaces(5);

    await expect(writer.change(counter.id as string, increment)).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect(await storedOf(counter._id)).toMatchObject({ count: 501, outbox: [] });
    expect(await nudged()).toEqual([]);
  });

  it('when the save fails, then the error is thrown and the relay is not nudged', async () => {
    const { writer, nudged } = recordingWriter();
    const counter = await Counters.create({ count: 1 });
    jest.spyOn(Counters.prototype, 'save').mockRejectedValueOnce(new Error('disk full'));

    await expect(writer.change(counter.id as string, increment)).rejects.toThrow('disk full');
    expect(await nudged()).toEqual([]);
  });

  it('when the id is unknown or malformed, then it resolves undefined without deciding', async () => {
    const { writer } = recordingWriter();
    const decide = jest.fn(increment);

    expect(await writer.change(new Types.ObjectId().toHexString(), decide)).toBeUndefined();
    expect(await writer.change('not-an-id', decide)).toBeUndefined();
    expect(decide).not.toHaveBeenCalled();
  });
});
