import { join } from 'node:path';

import { findInDirs, goOnPath, INSTALL_HINT, runInstallScript, toolsBinDir } from './binaries';
import { ManagedProcess } from './managed-process';
import { findPostgres, startPostgres } from './postgres';
import { LOOPBACK, makeTempDir, type LaunchOptions, type RunningServer } from './server';

export type FerretDbBackend = 'postgresql' | 'sqlite';

export interface StartFerretDbOptions extends LaunchOptions {
  /** Where the data lives, kept on stop (PostgreSQL's cluster or SQLite's files); default: a temp dir. */
  dataDir?: string;
}

export function ferretDbBinary(): Promise<string | undefined> {
  // Only our own build is used (not a `ferretdb` on PATH): its CLI (-listen, -dir,
  // URI line on stdout) is specific to tools/test-servers/cmd/ferretdb.
  return findInDirs('ferretdb', [toolsBinDir()]);
}

async function requireFerretDbBinary(): Promise<string> {
  const binary = await ferretDbBinary();
  if (binary !== undefined) return binary;
  if ((await goOnPath()) === undefined) {
    throw new Error(
      `ferretdb not found in ${toolsBinDir()}: ${INSTALL_HINT}, or set TEST_MONGO_SERVER=memory-server`,
    );
  }
  await runInstallScript();
  const built = await ferretDbBinary();
  if (built === undefined)
    throw new Error(`ferretdb still not found in ${toolsBinDir()} after install.sh`);
  return built;
}

/**
 * FerretDB (the MongoDB wire protocol) built from tools/test-servers, on a private PostgreSQL
 * cluster or on SQLite files; url `mongodb://127.0.0.1:PORT/`. Started again after an exit, it
 * listens on the same port.
 */
export async function startFerretDb(
  backend: FerretDbBackend,
  opts: StartFerretDbOptions = {},
): Promise<RunningServer> {
  const binary = await requireFerretDbBinary();
  let postgres: RunningServer | undefined;
  if (backend === 'postgresql') {
    const binaries = await findPostgres();
    if (binaries === undefined) {
      throw new Error(
        'PostgreSQL not found for the FerretDB PostgreSQL backend: install it with "apt-get install postgresql"',
      );
    }
    postgres = await startPostgres(binaries, {
      hooks: opts.hooks,
      dataDir: opts.dataDir && join(opts.dataDir, 'postgresql'),
    });
  }

  const ownDir = opts.dataDir === undefined ? await makeTempDir('ferretdb') : undefined;
  const args = (listen: string) => [
    '-listen',
    listen,
    '-dir',
    join(opts.dataDir ?? ownDir ?? '', 'ferretdb'),
    ...(postgres ? ['-postgresql-url', postgres.url] : []),
  ];
  // FerretDB 1.x alone loses concurrent writes to one document; our build answers through a proxy that
  // applies each collection's writes one at a time (tools/test-servers/cmd/ferretdb/serialize.go), so
  // clients keep their connection pools, as they would with MongoDB.
  const ferretDb = new ManagedProcess(
    {
      name: 'ferretdb',
      command: binary,
      args: args(`${LOOPBACK}:0`),
      tempDirs: ownDir === undefined ? [] : [ownDir],
      ready: { line: (line) => (/^mongodb:\/\/\S+$/.test(line) ? line : undefined) },
    },
    opts.hooks,
  );
  const url = await ferretDb.start().catch(async (error: unknown) => {
    await postgres?.stop();
    throw error;
  });
  ferretDb.spec.args = args(new URL(url).host);
  return {
    url,
    processes: [...(postgres?.processes ?? []), ferretDb],
    stop: async () => {
      await ferretDb.stop();
      await postgres?.stop();
    },
  };
}
