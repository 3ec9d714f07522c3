import { Writable } from 'node:stream';
import mongoose from 'mongoose';
import pino from 'pino';
import { uniqueDatabaseUri } from '../testing/database';
import { startMongo } from '@ticketing/local-servers';
import { waitFor } from '../testing/wait-for';
import { connectMongo } from './mongo';

function recordingLogger() {
  const messages: string[] = [];
  const logger = pino(
    { level: 'info' },
    new Writable({
      write(chunk, _enc, done) {
        messages.push((JSON.parse(String(chunk)) as { msg: string }).msg);
        done();
      },
    }),
  );
  return { logger, messages };
}

/** A server of this test's own (not the harness's shared one), so it can be stopped. */
async function startOwnMongo() {
  const shared = process.env.MONGO_URL;
  delete process.env.MONGO_URL;
  try {
    return await startMongo();
  } finally {
    process.env.MONGO_URL = shared;
  }
}

describe('the service connection to MongoDB', () => {
  it('when the service closes it at shutdown, then no disconnect is warned about', async () => {
    const { logger, messages } = recordingLogger();
    const connection = await connectMongo(uniqueDatabaseUri('mongo'), logger);

    await connection.close();

    expect(connection.readyState).toBe(mongoose.ConnectionStates.disconnected);
    expect(messages).not.toContain('MongoDB disconnected');
  });

  it('when the server goes away, then the disconnect is warned about', async () => {
    const { logger, messages } = recordingLogger();
    const server = await startOwnMongo();
    const uri = new URL(server.url);
    uri.pathname = '/mongo_lost';
    uri.searchParams.set('heartbeatFrequencyMS', '500');
    const connection = await connectMongo(uri.toString(), logger);
    try {
      await server.stop();

      await waitFor(() => messages.includes('MongoDB disconnected'), { what: 'the warning' });
    } finally {
      await connection.close();
    }
  });
});
