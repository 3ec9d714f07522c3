import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect as connectNats } from '@nats-io/transport-node';
import mongoose from 'mongoose';
import * as stan from 'node-nats-streaming';

import {
  type RunningServer,
  startMongo,
  startNats,
  startRedis,
  startStan,
  startStripeMock,
  toolsBinDir,
} from './index';
import { spawnServer } from './managed-process';

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

async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'ticketing-servers-test-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runs fn with some env vars set (undefined = unset), restoring them afterwards. */
async function withEnv<T>(
  vars: Record<string, string | undefined>,
  fn: () => Promise<T>,
): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((key) => [key, process.env[key]]));
  const apply = (values: Record<string, string | undefined>): void => {
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
  apply(vars);
  try {
    return await fn();
  } finally {
    apply(saved);
  }
}

describe('startMongo', () => {
  describe.each(['ferretdb-sqlite', 'ferretdb-postgresql'])('as %s', (kind) => {
    let server: RunningServer;
    let conn: mongoose.Connection;
    beforeAll(async () => {
      // Exercise the launcher itself, even when a jest globalSetup exported MONGO_URL.
      server = await withEnv({ MONGO_URL: undefined, TEST_MONGO_SERVER: kind }, () => startMongo());
      conn = await mongoose
        .createConnection(server.url, { dbName: 'servers_test', maxPoolSize: 10 })
        .asPromise();
    });
    afterAll(async () => {
      await conn?.close();
      await server?.stop();
    });

    it('when started, then accepts a mongoose connection that inserts and finds a document', async () => {
      expect(server.url).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/$/);
      const Ticket = conn.model('Ticket', new mongoose.Schema({ title: String, price: Number }));
      await Ticket.create({ title: 'concert', price: 20 });
      const found = await Ticket.findOne({ title: 'concert' }).lean();
      expect(found).toMatchObject({ title: 'concert', price: 20 });
    });

    // FerretDB alone ends at 3 to 12 here: each update reads, modifies and writes back unisolated.
    it('when 50 increments of one document arrive at once over a pool, then none is lost', async () => {
      const counters = conn.collection('counters');
      const { insertedId } = await counters.insertOne({ n: 0 });
      await Promise.all(
        Array.from({ length: 50 }, () =>
          counters.updateOne({ _id: insertedId }, { $inc: { n: 1 } }),
        ),
      );
      expect(await counters.findOne({ _id: insertedId })).toMatchObject({ n: 50 });
    });

    it('when 20 conditional updates of the same version race, then exactly one applies', async () => {
      const versions = conn.collection('versions');
      const { insertedId } = await versions.insertOne({ v: 0 });
      const results = await Promise.all(
        Array.from({ length: 20 }, () =>
          versions.updateOne({ _id: insertedId, v: 0 }, { $inc: { v: 1 } }),
        ),
      );
      expect(results.filter((r) => r.modifiedCount === 1)).toHaveLength(1);
      expect(await versions.findOne({ _id: insertedId })).toMatchObject({ v: 1 });
    });
  });

  it('when MONGO_URL is set, then it is returned as-is and stop() is a no-op', async () => {
    const url = 'mongodb://mongo.example.invalid:27017/';
    const server = await withEnv({ MONGO_URL: url }, () => startMongo());
    expect(server.url).toBe(url);
    await expect(server.stop()).resolves.toBeUndefined();
  });

  it('when TEST_MONGO_SERVER is unknown, then it throws one line naming the valid values', async () => {
    await expect(
      withEnv({ MONGO_URL: undefined, TEST_MONGO_SERVER: 'postgres' }, () => startMongo()),
    ).rejects.toThrow(
      /^TEST_MONGO_SERVER must be one of ferretdb, ferretdb-postgresql, ferretdb-sqlite, memory-server \(or unset\), got "postgres"$/,
    );
  });
});

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

describe('startStripeMock', () => {
  it('when started, then answers GET /v1/customers with 200', async () => {
    const server = await startStripeMock();
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await fetch(`${server.url}/v1/customers`, {
        headers: { Authorization: 'Bearer sk_test_123' },
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ object: 'list' });
    } finally {
      await server.stop();
    }
  });
});

describe('spawnServer', () => {
  it('when a server never becomes ready, then it is killed and the one-line error shows its last output', async () => {
    const tempDir = await mkdtemp(join(tmpdir(), 'ticketing-servers-test-'));
    const started = Date.now();
    const error = await spawnServer({
      name: 'sleepy-server',
      command: '/bin/sh',
      args: ['-c', 'echo starting; echo warming up >&2; exec sleep 60'],
      tempDirs: [tempDir],
      timeoutMs: 500,
      readyWhen: (line) => (line === 'ready' ? true : undefined),
    }).then(
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
