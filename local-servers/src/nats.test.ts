import { createServer, type Server } from 'node:net';

import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect as connectNats } from '@nats-io/transport-node';

import { startNats } from './nats';
import { withTempDir } from './test/helpers';

describe('startNats', () => {
  it('when started, then accepts a JetStream connection', async () => {
    const server = await startNats();
    try {
      expect(server.url).toMatch(/^nats:\/\/127\.0\.0\.1:\d+$/);
      const nc = await connectNats({ servers: server.url });
      try {
        const info = await (await jetstreamManager(nc)).getAccountInfo();
        expect(info.streams).toBe(0);
      } finally {
        await nc.close();
      }
    } finally {
      await server.stop();
    }
  });

  it('when restarted on the same port and store dir, then the JetStream stream and its messages survive', async () => {
    await withTempDir(async (storeDir) => {
      const first = await startNats({ storeDir });
      try {
        const nc = await connectNats({ servers: first.url });
        const jsm = await jetstreamManager(nc);
        await jsm.streams.add({ name: 'ORDERS', subjects: ['orders.>'] });
        await jetstream(nc).publish('orders.created', 'order-1');
        await nc.close();
      } finally {
        await first.stop();
      }

      const port = Number(new URL(first.url).port);
      const second = await startNats({ port, storeDir });
      try {
        expect(second.url).toBe(first.url);
        const nc = await connectNats({ servers: second.url });
        try {
          const stream = await (await jetstreamManager(nc)).streams.info('ORDERS');
          expect(stream.state.messages).toBe(1);
        } finally {
          await nc.close();
        }
      } finally {
        await second.stop();
      }
    });
  });

  it('when the requested port is taken, then it fails fast with a one-line error', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const error = await startNats({ port }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(
        /^nats-server exited .* before becoming ready .*address already in use/i,
      );
      expect((error as Error).message).not.toContain('\n');
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });
});
