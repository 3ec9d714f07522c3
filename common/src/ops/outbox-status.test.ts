import mongoose from 'mongoose';
import { dropDatabase, uniqueDatabaseUri } from '../testing/database';
import { createEnvelope } from '../events/envelope';
import { Subjects } from '../events/catalogue';
import { outboxStatus } from './outbox-status';
import { runOps } from './cli';

const ticketCreated = (occurredAt: Date) => ({
  ...createEnvelope(Subjects.TicketCreated, {
    id: 't',
    version: 0,
    title: 'Concert',
    price: 20,
    userId: 'u',
  }),
  occurredAt: occurredAt.toISOString(),
});

async function ops(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const lines: string[] = [];
  const code = await runOps(argv, env, (line) => lines.push(line));
  return { code, output: lines.join('\n') };
}

describe('npm run ops -- outbox status', () => {
  const now = new Date('2026-01-01T12:00:00.000Z');
  const seconds = (s: number) => new Date(now.getTime() - s * 1_000);
  let uri: string;
  let database: string;

  beforeAll(async () => {
    uri = uniqueDatabaseUri('outbox_status');
    database = new URL(uri).pathname.slice(1);
    const connection = await mongoose.createConnection(uri).asPromise();
    try {
      // As the services leave them: documents in two collections with pending events, others without.
      await connection
        .collection('tickets')
        .insertMany([
          { title: 'a', outbox: [ticketCreated(seconds(90)), ticketCreated(seconds(30))] },
          { title: 'b', outbox: [] },
          { title: 'c' },
        ]);
      await connection
        .collection('orders')
        .insertMany([{ status: 'created', outbox: [ticketCreated(seconds(45))] }]);
    } finally {
      await connection.close();
    }
  });
  afterAll(() => dropDatabase(uri));

  it('when documents of a database hold pending events, then it counts them across collections and gives the oldest one’s age', async () => {
    expect(await outboxStatus([uri], now)).toEqual([
      { database, pendingEvents: 3, documents: 2, oldestAgeSeconds: 90 },
    ]);
  });

  it('when given a server without a database, then it reports every database on it', async () => {
    const server = new URL(uri);
    server.pathname = '/';
    const statuses = await outboxStatus([server.toString()], now);

    expect(statuses).toContainEqual({
      database,
      pendingEvents: 3,
      documents: 2,
      oldestAgeSeconds: 90,
    });
    expect(statuses.map((s) => s.database)).not.toContain('admin');
  });

  it('when a database has nothing pending, then it says so', async () => {
    const empty = uniqueDatabaseUri('outbox_empty');
    const connection = await mongoose.createConnection(empty).asPromise();
    await connection.collection('tickets').insertOne({ title: 'a', outbox: [] });
    await connection.close();
    try {
      expect((await ops(['outbox', 'status', empty])).output).toMatch(
        /pending\s+0 events in 0 documents, oldest -$/,
      );
    } finally {
      await dropDatabase(empty);
    }
  });

  it('when run without a URI, then it reports the database of MONGO_URI, as in a service’s pod', async () => {
    const result = await ops(['outbox', 'status'], { MONGO_URI: uri });

    expect(result.code).toBe(0);
    expect(result.output).toMatch(
      new RegExp(`^${database}\\s+pending\\s+3 events in 2 documents, oldest \\d+\\.\\d s$`),
    );
  });

  it('when there is no URI at all, or not a mongodb one, then it says so and exits 1', async () => {
    expect(await ops(['outbox', 'status'])).toEqual({
      code: 1,
      output: expect.stringContaining('MONGO_URI is required'),
    });
    expect(await ops(['outbox', 'status', 'http://localhost/x'])).toEqual({
      code: 1,
      output: 'http://localhost/x is not a mongodb:// URI',
    });
  });
});
