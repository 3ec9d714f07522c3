import path from 'node:path';
import { runEntryPoint, uniqueDatabaseUri } from '@ticketing/common/testing';

// The compiled entry point, exactly as the container runs it (`npm test` builds first).
const entryPoint = path.resolve(__dirname, '../dist/index.js');

describe('the auth process', () => {
  it('when a required variable is missing, then it exits 1 with one line naming it', async () => {
    const run = runEntryPoint(entryPoint, { MONGO_URI: 'mongodb://127.0.0.1:1/x' });

    expect(await run.exited).toBe(1);
    expect(run.output().stderr).toBe('Invalid configuration: JWT_KEY is required\n');
  });

  it('when it receives SIGTERM while serving, then it stops gracefully and exits 0', async () => {
    const run = runEntryPoint(entryPoint, {
      PORT: '0',
      MONGO_URI: uniqueDatabaseUri('auth'),
      JWT_KEY: 'k'.repeat(32),
      LOG_LEVEL: 'info',
    });
    await run.listening();

    run.child.kill('SIGTERM');

    expect(await run.exited).toBe(0);
    expect(run.output().stdout).toContain('"msg":"stopped"');
  });

  it('when the database cannot be reached at start, then it exits 1 and says why', async () => {
    const run = runEntryPoint(entryPoint, {
      PORT: '0',
      MONGO_URI: 'mongodb://127.0.0.1:1/unreachable?serverSelectionTimeoutMS=300',
      JWT_KEY: 'k'.repeat(32),
    });

    expect(await run.exited).toBe(1);
    expect(run.output().stdout).toContain('failed to start');
  });
});
