import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './repo';

const run = promisify(execFile);
const monitoringDir = path.join(repoRoot, 'infra', 'monitoring');

async function promtool(...args: string[]) {
  try {
    return await run('promtool', args, { cwd: monitoringDir });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(
        'promtool not found: apt-get install prometheus (Debian ships promtool with it)',
        { cause: err },
      );
    }
    throw err;
  }
}

describe('the alerting rules', () => {
  it('when promtool checks them, then every rule is valid', async () => {
    const { stdout } = await promtool('check', 'rules', 'rules.yml');

    expect(stdout).toContain('SUCCESS: 6 rules found');
  });

  it('when promtool runs their unit tests, then each rule fires on its condition and only then', async () => {
    await expect(promtool('test', 'rules', 'rules.test.yml')).resolves.toMatchObject({
      stdout: expect.stringContaining('SUCCESS'),
    });
  });
});
