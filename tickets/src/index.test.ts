import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { Subjects, type EventBus } from '@ticketing/common';
import {
  connectTestBus,
  dropDatabase,
  EventRecorder,
  runEntryPoint,
  sessionCookieFor,
  startNats,
  TEST_SESSION_KEYS,
  testUser,
  waitFor,
  type RunningServer,
  uniqueDatabaseUri,
} from '@ticketing/common/testing';

// The compiled entry point, exactly as the container runs it (`npm test` builds first).
const entryPoint = path.resolve(__dirname, '../dist/index.js');

// A NATS server of this file's own, so it can be stopped and started again.
let storeDir: string;
let nats: RunningServer;
let mongoUri: string;
beforeAll(async () => {
  storeDir = await mkdtemp(path.join(tmpdir(), 'tickets-nats-'));
  nats = await startNats({ storeDir });
  mongoUri = uniqueDatabaseUri('tickets');
});
afterAll(async () => {
  await nats.stop();
  await rm(storeDir, { recursive: true, force: true });
  await dropDatabase(mongoUri);
});

const serviceEnv = () => ({
  PORT: '0',
  LOG_LEVEL: 'info',
  MONGO_URI: mongoUri,
  ...TEST_SESSION_KEYS,
  NATS_URL: nats.url,
  OUTBOX_POLL_INTERVAL_MS: '100',
});

describe('the tickets process', () => {
  it('when a required variable is missing, then it exits 1 with one line naming it', async () => {
    const withoutKey: Record<string, string> = serviceEnv();
    delete withoutKey.SESSION_PUBLIC_KEYS;
    const run = runEntryPoint(entryPoint, withoutKey);

    expect(await run.exited).toBe(1);
    expect(run.output().stderr).toBe('Invalid configuration: SESSION_PUBLIC_KEYS is required\n');
  });

  it('when it receives SIGTERM while serving, then it stops gracefully and exits 0', async () => {
    const run = runEntryPoint(entryPoint, serviceEnv());
    await run.listening();

    run.child.kill('SIGTERM');

    expect(await run.exited).toBe(0);
    expect(run.output().stdout).toContain('"msg":"stopped"');
  });

  it('when it is killed after a write while the bus is down, then the event is delivered, once, after the restart', async () => {
    const crashed = runEntryPoint(entryPoint, serviceEnv());
    const port = await crashed.listening();
    const natsPort = Number(new URL(nats.url).port);
    await nats.stop();

    const created = await request(`http://127.0.0.1:${port}`)
      .post('/api/tickets')
      .set('X-Forwarded-Proto', 'https')
      .set('Cookie', sessionCookieFor(testUser()))
      .send({ title: 'Written, never published', price: 15 });
    crashed.child.kill('SIGKILL');
    await crashed.exited;
    expect(created.status).toBe(201);

    nats = await startNats({ port: natsPort, storeDir });
    const restarted = runEntryPoint(entryPoint, serviceEnv());
    let observer: EventBus | undefined;
    try {
      await restarted.listening();
      observer = await connectTestBus(nats.url);
      const recorder = new EventRecorder(Subjects.TicketCreated);
      await observer.listen(recorder);
      const delivered = () => recorder.received.filter((d) => d.id === created.body.id);

      await waitFor(() => delivered().length > 0, { what: 'the event after the restart' });

      // A later event arriving shows the stream has moved past the first without repeating it.
      const marker = await request(`http://127.0.0.1:${await restarted.listening()}`)
        .post('/api/tickets')
        .set('X-Forwarded-Proto', 'https')
        .set('Cookie', sessionCookieFor(testUser()))
        .send({ title: 'Marker', price: 1 });
      await waitFor(() => recorder.received.some((d) => d.id === marker.body.id));
      expect(delivered()).toEqual([{ ...created.body, version: 0 }]);
    } finally {
      await observer?.close();
      restarted.child.kill('SIGTERM');
      await restarted.exited;
    }
  });
});
