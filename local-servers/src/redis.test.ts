import { createConnection } from 'node:net';

import { startRedis } from './redis';
import { withTempDir } from './test/helpers';

/** Sends one RESP command over a raw TCP socket and returns the raw reply. */
function redisCommand(url: string, ...args: string[]): Promise<string> {
  const { hostname, port } = new URL(url);
  const request = `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: hostname, port: Number(port) });
    socket.setTimeout(5_000, () => socket.destroy(new Error('redis reply timed out')));
    socket.once('error', reject);
    socket.once('data', (data) => {
      resolve(data.toString('utf8'));
      socket.end();
    });
    socket.write(request);
  });
}

describe('startRedis', () => {
  it('when started, then answers PING with +PONG over raw TCP', async () => {
    const server = await startRedis();
    try {
      expect(server.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
      expect(await redisCommand(server.url, 'PING')).toBe('+PONG\r\n');
    } finally {
      await server.stop();
    }
  });

  it('when restarted on the same port and dir with appendOnly, then keys survive', async () => {
    await withTempDir(async (dir) => {
      const first = await startRedis({ dir, appendOnly: true });
      try {
        expect(await redisCommand(first.url, 'SET', 'lock:ticket:1', 'order-1')).toBe('+OK\r\n');
      } finally {
        await first.stop();
      }
      const port = Number(new URL(first.url).port);
      const second = await startRedis({ port, dir, appendOnly: true });
      try {
        expect(second.url).toBe(first.url);
        expect(await redisCommand(second.url, 'GET', 'lock:ticket:1')).toBe('$7\r\norder-1\r\n');
      } finally {
        await second.stop();
      }
    });
  });
});
