import mongoose, { Schema, type Connection, type Model } from 'mongoose';
import { Subjects } from '../events/catalogue';
import { uniqueDatabaseUri } from '../testing/database';
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
 * names a MongoDB, and the two answer `explain` differently: MongoDB with its query plan, FerretDB
 * with whether it pushed the filter down to PostgreSQL instead of reading the whole collection.
 * Each test asserts what the server it runs against can show, so both targets check something
 * real: on FerretDB the shape it can push down, on MongoDB the index the plan uses.
 */

interface Part extends OutboxFields {
  name: string;
}
type PartModel = Model<Part, object, OutboxMethods>;
const partSchema = new Schema<Part, PartModel, OutboxMethods>({ name: String });
partSchema.plugin(outboxPlugin);

type Explained = {
  filterPushdown?: boolean;
  queryPlanner?: { winningPlan: unknown };
};

/** Every stage of a MongoDB plan, depth first: `{ stage, indexName? }`. */
function stagesOf(plan: unknown): { stage: string; indexName?: string }[] {
  if (!plan || typeof plan !== 'object') return [];
  const node = plan as {
    stage?: string;
    indexName?: string;
    inputStage?: unknown;
    inputStages?: unknown[];
    queryPlan?: unknown;
  };
  return [
    ...(node.stage ? [{ stage: node.stage, indexName: node.indexName }] : []),
    ...stagesOf(node.inputStage),
    ...stagesOf(node.queryPlan),
    ...(node.inputStages ?? []).flatMap(stagesOf),
  ];
}

let connection: Connection;
let Parts: OutboxModel;
let isFerretDb: boolean;
beforeAll(async () => {
  connection = await mongoose.createConnection(uniqueDatabaseUri('relay-queries')).asPromise();
  Parts = connection.model<Part, PartModel>('Part', partSchema) as unknown as OutboxModel;
  await Parts.init();
  const buildInfo = await connection.db!.admin().command({ buildInfo: 1 });
  isFerretDb = 'ferretdbVersion' in buildInfo;
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

    if (isFerretDb) {
      expect(explained.filterPushdown).toBe(true);
    } else {
      const stages = stagesOf(explained.queryPlanner!.winningPlan).map((s) => s.stage);
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
    if (!isFerretDb) {
      expect(stagesOf(explained.queryPlanner!.winningPlan)).toContainEqual({
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
