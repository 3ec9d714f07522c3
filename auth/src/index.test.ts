import { spawn } from 'node:child_process';
import path from 'node:path';
import { uniqueDatabaseUri, waitFor } from '@ticketing/common/testing';

// The compiled entry point, exactly as the container runs it (`npm test` builds first).
const entryPoint = path.resolve(__dirname, '../dist/index.js');

function runEntryPoint(env: Record<string, string>) {
  const child = spawn(process.execPath, [entryPoint], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

describe('the auth process', () => {
  it('when a required variable is missing, then it exits 1 with one line naming it', async () => {
    const run = runEntryPoint({ MONGO_URI: 'mongodb://127.0.0.1:1/x' });

    expect(await run.exited).toBe(1);
    expect(run.output().stderr).toBe('Invalid configuration: JWT_KEY is required\n');
  });

  it('when it receives SIGTERM while serving, then it stops gracefully and exits 0', async () => {
    const run = runEntryPoint({
      PORT: '0',
      MONGO_URI: uniqueDatabaseUri('auth'),
      JWT_KEY: 'k'.repeat(32),
      LOG_LEVEL: 'info',
    });
    await waitFor(() => run.output().stdout.includes('auth service listening'), {
      timeoutMs: 20_000,
      what: 'the service to listen',
    });

    run.child.kill('SIGTERM');

    expect(await run.exited).toBe(0);
    expect(run.output().stdout).toContain('"msg":"stopped"');
  });

  it('when the database cannot be reached at start, then it exits 1 and says why', async () => {
    const run = runEntryPoint({
      PORT: '0',
      MONGO_URI: 'mongodb://127.0.0.1:1/unreachable?serverSelectionTimeoutMS=300',
      JWT_KEY: 'k'.repeat(32),
    });

    expect(await run.exited).toBe(1);
    expect(run.output().stdout).toContain('failed to start');
  });
});
