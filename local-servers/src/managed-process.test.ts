import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ManagedProcess } from './managed-process';

describe('ManagedProcess', () => {
  it('when a server never becomes ready, then it is killed and the one-line error shows its last output', async () => {
    const tempDir = await mkdtemp(join(tmpdir(), 'ticketing-servers-test-'));
    const started = Date.now();
    const error = await new ManagedProcess({
      name: 'sleepy-server',
      command: '/bin/sh',
      args: ['-c', 'echo starting; echo warming up >&2; exec sleep 60'],
      tempDirs: [tempDir],
      readyTimeoutMs: 500,
      ready: { line: (line) => (line === 'ready' ? true : undefined) },
    })
      .start()
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((error as Error).message).toMatch(
      /^sleepy-server did not become ready within 500 ms \(last output: (starting \| warming up|warming up \| starting)\)$/,
    );
    await expect(rm(tempDir)).rejects.toMatchObject({ code: 'ENOENT' }); // removed by the failed start
  });
});
