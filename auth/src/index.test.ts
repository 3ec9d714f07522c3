import path from 'node:path';
import { runEntryPoint, TEST_SESSION_KEYS, uniqueDatabaseUri } from '@ticketing/common/testing';

// The compiled entry point, exactly as the container runs it (`npm test` builds first).
const entryPoint = path.resolve(__dirname, '../dist/index.js');

/** What auth needs to serve, from the harness's servers (jest.config.js). */
const serviceEnv = (): Record<string, string> => ({
  PORT: '0',
  MONGO_URI: uniqueDatabaseUri('auth'),
  ...TEST_SESSION_KEYS,
  NATS_URL: process.env.NATS_URL!,
  REDIS_URL: process.env.REDIS_URL!,
});

describe('the auth process', () => {
  it('when a required variable is missing, then it exits 1 with one line naming it', async () => {
    const withoutKeys = serviceEnv();
    delete withoutKeys.SESSION_PUBLIC_KEYS;
    const run = runEntryPoint(entryPoint, withoutKeys);

    expect(await run.exited).toBe(1);
    expect(run.output().stderr).toBe('Invalid configuration: SESSION_PUBLIC_KEYS is required\n');
  });

  it('when it receives SIGTERM while serving, then it stops gracefully and exits 0', async () => {
    const run = runEntryPoint(entryPoint, { ...serviceEnv(), LOG_LEVEL: 'info' });
    await run.listening();

    run.child.kill('SIGTERM');

    expect(await run.exited).toBe(0);
    expect(run.output().stdout).toContain('"msg":"stopped"');
  });

  it('when the database cannot be reached at start, then it exits 1 and says why', async () => {
    const run = runEntryPoint(entryPoint, {
      ...serviceEnv(),
      MONGO_URI: 'mongodb://127.0.0.1:1/unreachable?serverSelectionTimeoutMS=300',
    });

    expect(await run.exited).toBe(1);
    expect(run.output().stdout).toContain('failed to start');
  });
});
