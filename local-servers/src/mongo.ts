import { goOnPath } from './binaries';
import { ferretDbBinary, startFerretDb, type StartFerretDbOptions } from './ferretdb';
import { findPostgres } from './postgres';
import type { RunningServer } from './server';

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
 * A MongoDB.
 *  - `MONGO_URL` set: returns it; stop() does nothing.
 *  - `TEST_MONGO_SERVER=ferretdb-postgresql`: FerretDB on a private PostgreSQL cluster (Debian's
 *    `postgresql` package); `ferretdb-sqlite`: FerretDB on SQLite files; `ferretdb`: the PostgreSQL
 *    backend when PostgreSQL is installed, else SQLite. FerretDB is built with
 *    tools/test-servers/install.sh first if missing and Go is available.
 *  - `TEST_MONGO_SERVER=memory-server`: mongodb-memory-server-core (optional peer dependency; its
 *    data is never kept).
 *  - unset: FerretDB (as `ferretdb`) if its binary exists or `go` is on PATH, else memory-server.
 */
export async function startMongo(opts: StartFerretDbOptions = {}): Promise<RunningServer> {
  const fromEnv = process.env.MONGO_URL;
  if (fromEnv) return { url: fromEnv, processes: [], stop: async () => undefined };

  const kind = await chooseMongoServer();
  if (kind === 'memory-server') return startMemoryServer();
  return startFerretDb(kind === 'ferretdb-postgresql' ? 'postgresql' : 'sqlite', opts);
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
      (await ferretDbBinary()) !== undefined || (await goOnPath()) !== undefined;
    if (!ferretDbAvailable) return 'memory-server';
  }
  if (requested === undefined || requested === 'ferretdb') {
    return (await findPostgres()) === undefined ? 'ferretdb-sqlite' : 'ferretdb-postgresql';
  }
  return requested;
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
    processes: [],
    stop: () => (stopping ??= server.stop({ doCleanup: true, force: true }).then(() => undefined)),
  };
}
