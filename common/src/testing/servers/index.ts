/**
 * Real-server test harness: launches MongoDB (FerretDB or mongodb-memory-server),
 * NATS JetStream, NATS Streaming (STAN), Redis and stripe-mock as child processes
 * on loopback ports, waits until they are really ready, and stops them again.
 *
 * Binaries: nats-server and redis-server come from the OS (apt); ferretdb,
 * nats-streaming-server and stripe-mock are built by tools/test-servers/install.sh
 * into toolsBinDir(). When one of those three is missing and `go` is on PATH, the
 * launcher runs install.sh itself (once per process; the script takes a file lock).
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  findInDirs,
  goOnPath,
  INSTALL_HINT,
  requireBinary,
  requireGoBuiltBinary,
  runInstallScript,
  toolsBinDir,
} from './binaries';
import { spawnServer, withFreePortRetry } from './managed-process';
import { findPostgres, startPostgres } from './postgres';

export { toolsBinDir } from './binaries';

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

export interface StartNatsOptions {
  /** Fixed port (e.g. to restart on the same port); default: a free port. */
  port?: number;
  /** JetStream store dir to use and keep; default: a fresh temp dir removed on stop. */
  storeDir?: string;
  /** Joins a JetStream cluster: this server's name, the route port it listens on, every member's route. */
  cluster?: { name: string; serverName: string; routePort: number; routes: string[] };
}

export interface StartRedisOptions {
  /** Fixed port (e.g. to restart on the same port); default: a free port. */
  port?: number;
  /** Working dir for RDB/AOF files, kept on stop; default: a fresh temp dir removed on stop. */
  dir?: string;
  /** Enable the append-only file (so data survives a restart with the same dir). Default false. */
  appendOnly?: boolean;
}

export const STAN_CLUSTER_ID = 'ticketing-test';

const LOOPBACK = '127.0.0.1';

function makeTempDir(kind: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `ticketing-${kind}-`));
}

function portFromLine(pattern: RegExp, line: string): number | undefined {
  const port = pattern.exec(line)?.[1];
  return port === undefined ? undefined : Number(port);
}

// ---------------------------------------------------------------- MongoDB

/** What TEST_MONGO_SERVER may say; `ferretdb` leaves the backend to what the machine has. */
const MONGO_SERVER_CHOICES = [
  'ferretdb',
  'ferretdb-postgresql',
  'ferretdb-sqlite',
  'memory-server',
] as const;
type MongoServerChoice = (typeof MONGO_SERVER_CHOICES)[number];
type MongoServerKind = Exclude<MongoServerChoice, 'ferretdb'>;

const isMongoServerChoice = (value: string): value is MongoServerChoice =>
  (MONGO_SERVER_CHOICES as readonly string[]).includes(value);

/**
 * MongoDB for tests.
 *  - `MONGO_URL` set: returns it; stop() does nothing.
 *  - `TEST_MONGO_SERVER=ferretdb-postgresql`: FerretDB from toolsBinDir() on a private PostgreSQL
 *    cluster (Debian's `postgresql` package); `ferretdb-sqlite`: FerretDB on SQLite files;
 *    `ferretdb`: the PostgreSQL backend when PostgreSQL is installed, else SQLite. FerretDB is built
 *    with tools/test-servers/install.sh first if missing and Go is available.
 *  - `TEST_MONGO_SERVER=memory-server`: mongodb-memory-server-core (optional peer dependency).
 *  - unset: FerretDB (as `ferretdb`) if its binary exists or `go` is on PATH, else memory-server.
 */
export async function startMongo(): Promise<RunningServer> {
  const fromEnv = process.env.MONGO_URL;
  if (fromEnv) return { url: fromEnv, stop: async () => undefined };

  const kind = await chooseMongoServer();
  return kind === 'memory-server' ? startMemoryServer() : startFerretDb(kind);
}

async function chooseMongoServer(): Promise<MongoServerKind> {
  const requested = process.env.TEST_MONGO_SERVER || undefined;
  if (requested !== undefined && !isMongoServerChoice(requested)) {
    throw new Error(
      `TEST_MONGO_SERVER must be one of ${MONGO_SERVER_CHOICES.join(', ')} (or unset), got "${requested}"`,
    );
  }
  if (requested === undefined) {
    const ferretDbAvailable =
      (await findInDirs('ferretdb', [toolsBinDir()])) !== undefined ||
      (await goOnPath()) !== undefined;
    if (!ferretDbAvailable) return 'memory-server';
  }
  if (requested === undefined || requested === 'ferretdb') {
    return (await findPostgres()) === undefined ? 'ferretdb-sqlite' : 'ferretdb-postgresql';
  }
  return requested;
}

async function ferretDbBinary(): Promise<string> {
  // Only our own build is used (not a `ferretdb` on PATH): its CLI (-listen, -dir,
  // URI line on stdout) is specific to tools/test-servers/cmd/ferretdb.
  const binary = await findInDirs('ferretdb', [toolsBinDir()]);
  if (binary !== undefined) return binary;
  if ((await goOnPath()) === undefined) {
    throw new Error(
      `ferretdb not found in ${toolsBinDir()}: ${INSTALL_HINT}, or set TEST_MONGO_SERVER=memory-server`,
    );
  }
  await runInstallScript();
  const built = await findInDirs('ferretdb', [toolsBinDir()]);
  if (built === undefined)
    throw new Error(`ferretdb still not found in ${toolsBinDir()} after install.sh`);
  return built;
}

async function startFerretDb(
  backend: 'ferretdb-postgresql' | 'ferretdb-sqlite',
): Promise<RunningServer> {
  const binary = await ferretDbBinary();
  let postgres: RunningServer | undefined;
  if (backend === 'ferretdb-postgresql') {
    const binaries = await findPostgres();
    if (binaries === undefined) {
      throw new Error(
        'PostgreSQL not found for TEST_MONGO_SERVER=ferretdb-postgresql: install it with "apt-get install postgresql"',
      );
    }
    postgres = await startPostgres(binaries);
  }

  const dataDir = await makeTempDir('ferretdb');
  // FerretDB 1.x alone loses concurrent writes to one document; our build answers through a proxy that
  // applies each collection's writes one at a time (tools/test-servers/cmd/ferretdb/serialize.go), so
  // clients keep their connection pools, as they would with MongoDB.
  const ferretDb = await spawnServer({
    name: 'ferretdb',
    command: binary,
    args: [
      '-listen',
      `${LOOPBACK}:0`,
      '-dir',
      join(dataDir, 'data'),
      ...(postgres ? ['-postgresql-url', postgres.url] : []),
    ],
    tempDirs: [dataDir],
    readyWhen: (line) => (/^mongodb:\/\/\S+$/.test(line) ? line : undefined),
  }).catch(async (error: unknown) => {
    await postgres?.stop();
    throw error;
  });
  return {
    url: ferretDb.ready,
    stop: async () => {
      await ferretDb.stop();
      await postgres?.stop();
    },
  };
}

interface MemoryServerModule {
  MongoMemoryServer: {
    create(): Promise<{
      getUri(): string;
      stop(options?: { doCleanup?: boolean; force?: boolean }): Promise<boolean>;
    }>;
  };
}

async function startMemoryServer(): Promise<RunningServer> {
  let mod: MemoryServerModule;
  try {
    // Dynamic require: mongodb-memory-server-core is an optional peer dependency.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require('mongodb-memory-server-core') as MemoryServerModule;
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException | undefined)?.code === 'MODULE_NOT_FOUND';
    if (!missing) throw error;
    throw new Error(
      `mongodb-memory-server-core not installed: "npm install -D mongodb-memory-server-core", or install Go >= 1.22 to use FerretDB (TEST_MONGO_SERVER=ferretdb)`,
      { cause: error },
    );
  }
  const server = await mod.MongoMemoryServer.create();
  let stopping: Promise<void> | undefined;
  return {
    url: server.getUri(),
    stop: () => (stopping ??= server.stop({ doCleanup: true, force: true }).then(() => undefined)),
  };
}

// ---------------------------------------------------------------- NATS (JetStream)

const NATS_LISTENING = /Listening for client connections on \S+:(\d+)/;

/** nats-server with JetStream on 127.0.0.1; url `nats://127.0.0.1:PORT`. */
export async function startNats(opts: StartNatsOptions = {}): Promise<RunningServer> {
  const binary = await requireBinary(
    'nats-server',
    'install it with "apt-get install nats-server"',
  );
  const ownStoreDir = opts.storeDir === undefined ? await makeTempDir('nats') : undefined;
  const storeDir = opts.storeDir ?? ownStoreDir ?? '';

  let port: number | undefined;
  const server = await spawnServer({
    name: 'nats-server',
    command: binary,
    // -p -1: nats-server picks a free port itself and logs it (no allocation race).
    // prettier-ignore
    args: [
      '-js', '-a', LOOPBACK, '-p', String(opts.port ?? -1), '-sd', storeDir,
      ...(opts.cluster ? [
        '--server_name', opts.cluster.serverName, '--cluster_name', opts.cluster.name,
        '--cluster', `nats://${LOOPBACK}:${opts.cluster.routePort}`,
        '--routes', opts.cluster.routes.join(','),
      ] : []),
    ],
    tempDirs: ownStoreDir === undefined ? [] : [ownStoreDir],
    readyWhen: (line) => {
      port ??= portFromLine(NATS_LISTENING, line);
      return port !== undefined && /\bServer is ready\b/.test(line) ? port : undefined;
    },
  });
  return { url: `nats://${LOOPBACK}:${server.ready}`, stop: server.stop };
}

// ---------------------------------------------------------------- NATS Streaming (STAN)

/** nats-streaming-server on 127.0.0.1, in-memory store, cluster id 'ticketing-test'. */
export async function startStan(): Promise<RunningServer & { clusterId: string }> {
  const binary = await requireGoBuiltBinary('nats-streaming-server');
  let port: number | undefined;
  const server = await spawnServer({
    name: 'nats-streaming-server',
    command: binary,
    args: ['-a', LOOPBACK, '-p', '-1', '-cid', STAN_CLUSTER_ID, '-st', 'MEMORY'],
    readyWhen: (line) => {
      port ??= portFromLine(NATS_LISTENING, line);
      return port !== undefined && /Streaming Server is ready/.test(line) ? port : undefined;
    },
  });
  return {
    url: `nats://${LOOPBACK}:${server.ready}`,
    clusterId: STAN_CLUSTER_ID,
    stop: server.stop,
  };
}

// ---------------------------------------------------------------- Redis

/** redis-server on 127.0.0.1, no RDB snapshots, AOF per opts; url `redis://127.0.0.1:PORT`. */
export async function startRedis(opts: StartRedisOptions = {}): Promise<RunningServer> {
  const binary = await requireBinary(
    'redis-server',
    'install it with "apt-get install redis-server"',
  );

  const launch = async (port: number): Promise<RunningServer> => {
    const ownDir = opts.dir === undefined ? await makeTempDir('redis') : undefined;
    const server = await spawnServer({
      name: 'redis-server',
      command: binary,
      // prettier-ignore
      args: [
        '--port', String(port),
        '--bind', LOOPBACK,
        '--save', '',
        '--appendonly', opts.appendOnly === true ? 'yes' : 'no',
        '--dir', opts.dir ?? ownDir ?? '',
      ],
      tempDirs: ownDir === undefined ? [] : [ownDir],
      readyWhen: (line) => (/Ready to accept connections/.test(line) ? true : undefined),
    });
    return { url: `redis://${LOOPBACK}:${port}`, stop: server.stop };
  };

  // Redis cannot pick its own port (--port 0 disables TCP): allocate one, retry if it was taken.
  return opts.port === undefined ? withFreePortRetry(launch) : launch(opts.port);
}

// ---------------------------------------------------------------- stripe-mock

const STRIPE_MOCK_LISTENING = /Listening for HTTP at address: \S+:(\d+)/;

/** stripe-mock serving plain HTTP on 127.0.0.1; url `http://127.0.0.1:PORT`. */
export async function startStripeMock(): Promise<RunningServer> {
  const binary = await requireGoBuiltBinary('stripe-mock');
  const server = await spawnServer({
    name: 'stripe-mock',
    command: binary,
    // -http-addr 127.0.0.1:0 lets it pick a free loopback port and print it. The
    // -https-addr is needed too: with only -http-addr, stripe-mock also opens HTTPS
    // on the fixed port 12112 on all interfaces (and -http conflicts with -http-addr).
    args: ['-http-addr', `${LOOPBACK}:0`, '-https-addr', `${LOOPBACK}:0`],
    readyWhen: (line) => portFromLine(STRIPE_MOCK_LISTENING, line),
  });
  return { url: `http://${LOOPBACK}:${server.ready}`, stop: server.stop };
}
