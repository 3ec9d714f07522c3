import { execFile } from 'node:child_process';
import { chown, mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

import { findBinary, findInDirs } from './binaries';
import { ManagedProcess, withFreePortRetry } from './managed-process';
import { LOOPBACK, makeTempDir, type LaunchOptions, type RunningServer } from './server';

/**
 * A private PostgreSQL cluster for FerretDB's PostgreSQL backend: initdb into a temp dir (or a kept
 * one), a server on a free loopback port with durability switched off.
 * Debian's `postgresql` package installs the binaries under /usr/lib/postgresql/<major>/bin, off PATH.
 */
const DEBIAN_POSTGRES_ROOT = '/usr/lib/postgresql';

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
  /** initdb and postgres refuse to run as root: as root, they run as the `postgres` system user. */
  user?: { uid: number; gid: number };
}

async function debianBinDirs(): Promise<string[]> {
  try {
    const majors = (await readdir(DEBIAN_POSTGRES_ROOT)).filter((name) => /^\d+$/.test(name));
    return majors
      .sort((a, b) => Number(b) - Number(a))
      .map((major) => join(DEBIAN_POSTGRES_ROOT, major, 'bin'));
  } catch {
    return [];
  }
}

async function systemUser(name: string): Promise<{ uid: number; gid: number } | undefined> {
  const passwd = await readFile('/etc/passwd', 'utf8').catch(() => '');
  const fields = passwd
    .split('\n')
    .map((line) => line.split(':'))
    .find((entry) => entry[0] === name);
  return fields === undefined ? undefined : { uid: Number(fields[2]), gid: Number(fields[3]) };
}

/** The PostgreSQL server binaries, or undefined when this machine cannot run a private cluster. */
export async function findPostgres(): Promise<PostgresBinaries | undefined> {
  const initdb =
    (await findInDirs('initdb', await debianBinDirs())) ?? (await findBinary('initdb'));
  if (initdb === undefined) return undefined;
  const postgres = await findInDirs('postgres', [dirname(initdb)]);
  if (postgres === undefined) return undefined;
  if (process.getuid?.() !== 0) return { initdb, postgres };
  const user = await systemUser('postgres');
  return user === undefined ? undefined : { initdb, postgres, user };
}

export interface StartPostgresOptions extends LaunchOptions {
  /** Cluster directory to use and keep (initialised on first use); default: a temp dir removed on stop. */
  dataDir?: string;
}

export async function startPostgres(
  binaries: PostgresBinaries,
  opts: StartPostgresOptions = {},
): Promise<RunningServer> {
  const launch = async (port: number): Promise<RunningServer> => {
    const ownDir = opts.dataDir === undefined ? await makeTempDir('postgres') : undefined;
    const dataDir = opts.dataDir ?? join(ownDir ?? '', 'data');
    if (opts.dataDir !== undefined) await mkdir(dataDir, { recursive: true, mode: 0o700 });
    for (const dir of [ownDir, opts.dataDir]) {
      if (dir !== undefined && binaries.user)
        await chown(dir, binaries.user.uid, binaries.user.gid);
    }
    if (!(await isCluster(dataDir))) await initdb(binaries, dataDir, ownDir);
    const server = new ManagedProcess(
      {
        name: 'postgres',
        command: binaries.postgres,
        // Durability off: a clean stop still writes everything out, and a crash of a local stand-in
        // costs nothing worth the fsyncs. -k '': TCP only, no socket file in the data directory.
        // prettier-ignore
        args: [
          '-D', dataDir, '-h', LOOPBACK, '-p', String(port), '-k', '',
          '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off',
          '-c', 'max_connections=300',
        ],
        user: binaries.user,
        // Fast shutdown: SIGTERM is a smart one, which waits for FerretDB's pooled connections to
        // close, until the grace period ends in SIGKILL; with durability off that loses commits.
        stopSignal: 'SIGINT',
        tempDirs: ownDir === undefined ? [] : [ownDir],
        ready: {
          line: (line) =>
            /database system is ready to accept connections/.test(line) ? true : undefined,
        },
      },
      opts.hooks,
    );
    await server.start();
    return {
      url: `postgres://postgres@${LOOPBACK}:${port}/postgres`,
      processes: [server],
      stop: () => server.stop(),
    };
  };
  // postgres cannot pick its own port: allocate one, retry if it was taken meanwhile.
  return withFreePortRetry(launch);
}

async function isCluster(dataDir: string): Promise<boolean> {
  return stat(join(dataDir, 'PG_VERSION')).then(
    () => true,
    () => false,
  );
}

async function initdb(binaries: PostgresBinaries, dataDir: string, ownDir: string | undefined) {
  try {
    await promisify(execFile)(
      binaries.initdb,
      ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync'],
      { ...binaries.user },
    );
  } catch (error) {
    if (ownDir !== undefined) await rm(ownDir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}
