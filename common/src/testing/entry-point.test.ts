import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runEntryPoint } from './entry-point';

// Stand-ins for a service's compiled entry point: one that serves until SIGTERM, one that cannot start.
// Like a real service, it handles SIGTERM before it says it listens (else a quick stop could kill it).
const SERVING = `
process.on('SIGTERM', () => process.exit(0));
console.log(JSON.stringify({ level: 30, msg: 'GREETING is ' + process.env.GREETING }));
console.log(JSON.stringify({ level: 30, port: 4321, msg: 'demo service listening' }));
setInterval(() => {}, 1000);
`;
const FAILING = `process.stderr.write('Invalid configuration: GREETING is required\\n'); process.exit(1);`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'entry-point-'));
  await writeFile(path.join(dir, 'serving.js'), SERVING);
  await writeFile(path.join(dir, 'failing.js'), FAILING);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('running a compiled entry point', () => {
  it('when the service listens, then its port is read from its log and stop() ends it with SIGTERM', async () => {
    const run = runEntryPoint(path.join(dir, 'serving.js'), { GREETING: 'hello' });

    expect(await run.listening()).toBe(4321);
    expect(await run.stop()).toBe(0);
    expect(run.output().stdout).toContain('GREETING is hello');
  });

  it('when the service cannot start, then listening() fails at once with what it wrote', async () => {
    const run = runEntryPoint(path.join(dir, 'failing.js'), {});

    await expect(run.listening()).rejects.toThrow('Invalid configuration: GREETING is required');
    expect(await run.exited).toBe(1);
    expect(run.output().stderr).toBe('Invalid configuration: GREETING is required\n');
  });

  it('when the entry point has not been built, then it says so', () => {
    expect(() => runEntryPoint(path.join(dir, 'missing.js'), {})).toThrow('is missing');
  });
});
