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

  it('when started with a monitoring port, then its monitoring endpoint lists the channels it stores', async () => {
    const server = await startStan({ monitorPort: 0 });
    try {
      expect(server.monitorUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const sc = stan.connect(server.clusterId, 'monitor-test-client', { url: server.url });
      await new Promise<void>((resolve, reject) => {
        sc.once('connect', () => resolve());
        sc.once('error', reject);
      });
      await new Promise<void>((resolve, reject) => {
        sc.publish('ticket:created', 'x', (err) => (err ? reject(err) : resolve()));
      });

      const res = await fetch(`${server.monitorUrl}/streaming/channelsz?channel=ticket:created`);

      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ name: 'ticket:created', last_seq: 1 });
      await new Promise<void>((resolve) => {
        sc.once('close', () => resolve());
        sc.close();
      });
    } finally {
      await server.stop();
    }
  });

  it('when started without a monitoring port, then it has no monitor URL', async () => {
    const server = await startStan();
    try {
      expect(server.monitorUrl).toBeUndefined();
    } finally {
      await server.stop();
    }
  });

  it('when given a store directory, then the channels it stored are there after it is started again', async () => {
    await withTempDir(async (storeDir) => {
      const first = await startStan({ storeDir });
      try {
        const sc = stan.connect(first.clusterId, 'store-test-client', { url: first.url });
        await new Promise<void>((resolve, reject) => {
          sc.once('connect', () => resolve());
          sc.once('error', reject);
        });
        await new Promise<void>((resolve, reject) => {
          sc.publish('ticket:created', 'x', (err) => (err ? reject(err) : resolve()));
        });
        await new Promise<void>((resolve) => {
          sc.once('close', () => resolve());
          sc.close();
        });
      } finally {
        await first.stop();
      }

      const second = await startStan({ storeDir, monitorPort: 0 });
      try {
        const res = await fetch(`${second.monitorUrl}/streaming/channelsz?channel=ticket:created`);

        expect(await res.json()).toMatchObject({ name: 'ticket:created', last_seq: 1 });
      } finally {
        await second.stop();
      }
    });
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
