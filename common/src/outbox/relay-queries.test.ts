import mongoose, { Schema, type Connection, type Model } from 'mongoose';
import { Subjects } from '../events/catalogue';
import { uniqueDatabaseUri } from '../testing/database';
import { isFerretDb, planStages, type Explained } from '../testing/explain';
import { ticketData } from '../bus/test/bus-fixtures';
import {
  outboxPlugin,
  relayQueries,
  type OutboxFields,
  type OutboxMethods,
  type OutboxModel,
} from './outbox';

/**
 * What the database does with the relay's queries. The suite runs on FerretDB unless MONGO_URL
 * names a MongoDB; each test asserts what the server it runs against can show (see `Explained`).
 */

interface Part extends OutboxFields {
  name: string;
}
type PartModel = Model<Part, object, OutboxMethods>;
const partSchema = new Schema<Part, PartModel, OutboxMethods>({ name: String });
partSchema.plugin(outboxPlugin);

let connection: Connection;
let Parts: OutboxModel;
let onFerretDb: boolean;
beforeAll(async () => {
  connection = await mongoose.createConnection(uniqueDatabaseUri('relay-queries')).asPromise();
  Parts = connection.model<Part, PartModel>('Part', partSchema) as unknown as OutboxModel;
  await Parts.init();
  onFerretDb = await isFerretDb(connection);
  // Enough documents that a collection scan and an index lookup differ, a few with pending events.
  await Parts.insertMany(
    Array.from({ length: 200 }, (_, i) => ({
      name: `part ${i}`,
      outbox:
        i % 50 === 0
          ? [
              {
                id: `event-${i}`,
                subject: Subjects.TicketCreated,
                occurredAt: new Date().toISOString(),
                data: ticketData(),
              },
            ]
          : [],
    })),
  );
});
afterAll(async () => {
  await connection.dropDatabase();
  await connection.close();
});

describe('the outbox relay’s queries', () => {
  it('when it reads the document a write just changed, then the server finds it by its _id alone', async () => {
    const [part] = await Parts.find().limit(1).lean();

    const explained = (await relayQueries.outboxOf(Parts, part!._id).explain()) as Explained;

    if (onFerretDb) {
      expect(explained.filterPushdown).toBe(true);
    } else {
      const stages = planStages(explained.queryPlanner!.winningPlan).map((s) => s.stage);
      expect(stages.some((stage) => ['IDHACK', 'EXPRESS_IXSCAN', 'IXSCAN'].includes(stage))).toBe(
        true,
      );
      expect(stages).not.toContain('COLLSCAN');
    }
  });

  it('when it sweeps for pending events, then MongoDB answers from the sparse index of pending outboxes, and FerretDB finds every pending document', async () => {
    const explained = (await relayQueries.pending(Parts, 100).explain()) as Explained;
    const pending = await relayQueries.pending(Parts, 100).lean();

    // FerretDB cannot push `$exists` down: its sweep reads the collection, which is why it runs once
    // a minute (README, Performance). MongoDB uses the index.
    if (!onFerretDb) {
      expect(planStages(explained.queryPlanner!.winningPlan)).toContainEqual({
        stage: 'IXSCAN',
        indexName: 'outbox.0.id_1',
      });
    }
    expect(pending.map((p) => p.outbox?.[0]?.id).sort()).toEqual([
      'event-0',
      'event-100',
      'event-150',
      'event-50',
    ]);
  });
});
