import { join } from 'node:path';

import * as stan from 'node-nats-streaming';

import { toolsBinDir } from './binaries';
import { startStan } from './stan';
import { withEnv, withTempDir } from './test/helpers';

describe('startStan', () => {
  it('when started, then accepts a node-nats-streaming connection and acks a publish', async () => {
    const server = await startStan();
    try {
      expect(server.clusterId).toBe('ticketing-test');
      const sc = stan.connect(server.clusterId, 'servers-test-client', { url: server.url });
      await new Promise<void>((resolve, reject) => {
        sc.once('connect', () => resolve());
        sc.once('error', reject);
      });
      const guid = await new Promise<string>((resolve, reject) => {
        sc.publish('ticket:created', JSON.stringify({ id: '1' }), (err, id) =>
          err ? reject(err) : resolve(id),
        );
      });
      expect(guid).toEqual(expect.any(String));
      await new Promise<void>((resolve) => {
        sc.once('close', () => resolve());
        sc.close();
      });
    } finally {
      await server.stop();
    }
  });

  it('when the binary is missing, then it throws one line saying how to install it', async () => {
    await withTempDir(async (emptyDir) => {
      // PATH without go: no auto-build; an empty tools dir: no prebuilt binary.
      await withEnv({ PATH: emptyDir, TICKETING_TOOLS_DIR: emptyDir }, async () => {
        expect(toolsBinDir()).toBe(join(emptyDir, 'bin'));
        await expect(startStan()).rejects.toThrow(
          /^nats-streaming-server not found: run tools\/test-servers\/install\.sh \(needs Go >= 1\.22\)$/,
        );
      });
    });
  });
});
