import { execFile } from 'node:child_process';
import { chown, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

import { findBinary, findInDirs } from './binaries';
import { spawnServer, withFreePortRetry } from './managed-process';

/**
 * A throwaway PostgreSQL cluster for FerretDB's PostgreSQL backend: initdb into a temp dir, a server on a
 * free loopback port with durability switched off (the data dies with the test run anyway).
 * Debian's `postgresql` package installs the binaries under /usr/lib/postgresql/<major>/bin, off PATH.
 */
const DEBIAN_POSTGRES_ROOT = '/usr/lib/postgresql';
const LOOPBACK = '127.0.0.1';

interface PostgresBinaries {
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

export async function startPostgres(
  binaries: PostgresBinaries,
): Promise<{ url: string; stop(): Promise<void> }> {
  const launch = async (port: number) => {
    const dir = await mkdtemp(join(tmpdir(), 'ticketing-postgres-'));
    if (binaries.user) await chown(dir, binaries.user.uid, binaries.user.gid);
    const dataDir = join(dir, 'data');
    try {
      await promisify(execFile)(
        binaries.initdb,
        ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync'],
        { ...binaries.user },
      );
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw new Error(`initdb failed: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    }
    const server = await spawnServer({
      name: 'postgres',
      command: binaries.postgres,
      // prettier-ignore
      args: [
        '-D', dataDir, '-h', LOOPBACK, '-p', String(port), '-k', dir,
        '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off',
        '-c', 'max_connections=300',
      ],
      user: binaries.user,
      tempDirs: [dir],
      readyWhen: (line) =>
        /database system is ready to accept connections/.test(line) ? true : undefined,
    });
    return { url: `postgres://postgres@${LOOPBACK}:${port}/postgres`, stop: server.stop };
  };
  // postgres cannot pick its own port: allocate one, retry if it was taken meanwhile.
  return withFreePortRetry(launch);
}
