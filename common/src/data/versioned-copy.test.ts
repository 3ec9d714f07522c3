import { randomUUID } from 'node:crypto';
import mongoose, { Schema, type Connection, type Model } from 'mongoose';
import { uniqueDatabaseUri } from '../testing/database';
import { RetryLaterError } from '../bus/listener';
import { applyVersionedCopy, applyVersionedEvent } from './versioned-copy';

interface TicketCopy {
  _id: string;
  version: number;
  title: string;
}

let connection: Connection;
let copies: Model<TicketCopy>;
beforeAll(async () => {
  connection = await mongoose.createConnection(uniqueDatabaseUri('copy')).asPromise();
  copies = connection.model<TicketCopy>(
    'TicketCopy',
    new Schema<TicketCopy>({ _id: String, version: Number, title: String }, { versionKey: false }),
  );
});
afterAll(async () => {
  await connection.dropDatabase();
  await connection.close();
});

describe('applying versions of a replicated record', () => {
  it('when versions arrive in order, then each is applied', async () => {
    const id = randomUUID();

    const results = [
      await applyVersionedCopy(copies, id, 0, { title: 'v0' }),
      await applyVersionedCopy(copies, id, 1, { title: 'v1' }),
      await applyVersionedCopy(copies, id, 2, { title: 'v2' }),
    ];

    expect(results).toEqual(['applied', 'applied', 'applied']);
    expect(await copies.findById(id).lean()).toMatchObject({ version: 2, title: 'v2' });
  });

  it('when a version arrives again, then it is a duplicate and changes nothing', async () => {
    const id = randomUUID();
    await applyVersionedCopy(copies, id, 0, { title: 'v0' });
    await applyVersionedCopy(copies, id, 1, { title: 'v1' });

    expect(await applyVersionedCopy(copies, id, 0, { title: 'replayed' })).toBe('duplicate');
    expect(await applyVersionedCopy(copies, id, 1, { title: 'replayed' })).toBe('duplicate');
    expect(await copies.findById(id).lean()).toMatchObject({ version: 1, title: 'v1' });
  });

  it('when a version arrives before its predecessor, then it is too new and waits', async () => {
    const id = randomUUID();
    await applyVersionedCopy(copies, id, 0, { title: 'v0' });

    expect(await applyVersionedCopy(copies, id, 2, { title: 'v2' })).toBe('too-new');
    expect(await applyVersionedCopy(copies, id, 1, { title: 'v1' })).toBe('applied');
    expect(await applyVersionedCopy(copies, id, 2, { title: 'v2' })).toBe('applied');
  });

  it('when an update arrives for a record never seen, then it is unknown', async () => {
    expect(await applyVersionedCopy(copies, randomUUID(), 3, { title: 'v3' })).toBe('unknown');
  });
});

describe('applying an event to a replicated record', () => {
  it('when versions arrive in order or again, then they are applied or reported as duplicates', async () => {
    const id = randomUUID();

    const results = [
      await applyVersionedEvent(copies, id, 0, { title: 'v0' }, { what: 'ticket' }),
      await applyVersionedEvent(copies, id, 1, { title: 'v1' }, { what: 'ticket' }),
      await applyVersionedEvent(copies, id, 0, { title: 'replayed' }, { what: 'ticket' }),
    ];

    expect(results).toEqual(['applied', 'applied', 'duplicate']);
    expect(await copies.findById(id).lean()).toMatchObject({ version: 1, title: 'v1' });
  });

  it('when a version arrives before its predecessor, then it asks to be retried later and changes nothing', async () => {
    const id = randomUUID();
    await applyVersionedEvent(copies, id, 0, { title: 'v0' }, { what: 'ticket' });

    const early = applyVersionedEvent(copies, id, 2, { title: 'v2' }, { what: 'ticket' });

    await expect(early).rejects.toEqual(
      new RetryLaterError(`ticket ${id} v2 arrived before its predecessor`),
    );
    await expect(early).rejects.toBeInstanceOf(RetryLaterError);
    expect(await copies.findById(id).lean()).toMatchObject({ version: 0, title: 'v0' });
  });

  it('when an update arrives for a record never seen, then it asks to be retried later', async () => {
    const id = randomUUID();

    await expect(
      applyVersionedEvent(copies, id, 3, { title: 'v3' }, { what: 'order' }),
    ).rejects.toEqual(new RetryLaterError(`order ${id} v3 arrived before its predecessor`));
    expect(await copies.findById(id).lean()).toBeNull();
  });
});
