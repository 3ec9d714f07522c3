import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

/**
 * Directory where tools/test-servers/install.sh puts the Go-built servers
 * (ferretdb, nats-streaming-server, stripe-mock). Mirrors the script:
 * `${TICKETING_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ticketing-test-servers}/bin`.
 */
export function toolsBinDir(): string {
  const toolsDir =
    process.env.TICKETING_TOOLS_DIR ||
    join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'ticketing-test-servers');
  return join(toolsDir, 'bin');
}

async function isExecutableFile(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Looks `name` up in the given directories, in order; returns its path or undefined. */
export async function findInDirs(
  name: string,
  dirs: readonly string[],
): Promise<string | undefined> {
  for (const dir of dirs) {
    const candidate = join(dir, name);
    if (await isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

function pathDirs(): string[] {
  return (process.env.PATH ?? '').split(delimiter).filter((dir) => dir !== '');
}

/** Looks a binary up on PATH, then in /usr/sbin, /usr/bin, then in toolsBinDir(). */
export function findBinary(name: string): Promise<string | undefined> {
  return findInDirs(name, [...pathDirs(), '/usr/sbin', '/usr/bin', toolsBinDir()]);
}

/** Like findBinary, but throws a one-line Error with `installHint` when missing. */
export async function requireBinary(name: string, installHint: string): Promise<string> {
  const found = await findBinary(name);
  if (found === undefined) throw new Error(`${name} not found: ${installHint}`);
  return found;
}

/**
 * For the binaries tools/test-servers/install.sh builds (nats-streaming-server,
 * stripe-mock): like requireBinary, but when the binary is missing and `go` is
 * on PATH, runs install.sh first (shared with a concurrent FerretDB build).
 */
export async function requireGoBuiltBinary(name: string): Promise<string> {
  const found = await findBinary(name);
  if (found !== undefined) return found;
  if ((await goOnPath()) === undefined) throw new Error(`${name} not found: ${INSTALL_HINT}`);
  await runInstallScript();
  return requireBinary(name, `still missing from ${toolsBinDir()} after install.sh`);
}

export function goOnPath(): Promise<string | undefined> {
  return findInDirs('go', pathDirs());
}

export const INSTALL_HINT = 'run tools/test-servers/install.sh (needs Go >= 1.22)';

/** Walks up from `start` to the directory that contains tools/test-servers/install.sh. */
async function findInstallScriptFrom(start: string): Promise<string | undefined> {
  let dir = start;
  for (;;) {
    const candidate = join(dir, 'tools', 'test-servers', 'install.sh');
    try {
      if ((await stat(candidate)).isFile()) return candidate;
    } catch {
      // keep walking up
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

let installing: Promise<void> | undefined;

/**
 * Runs tools/test-servers/install.sh once per process (concurrent callers share
 * the run; the script itself takes a file lock against other processes).
 * Its output is forwarded to stderr because a cold build takes a minute or two.
 */
export function runInstallScript(): Promise<void> {
  installing ??= doRunInstallScript().catch((error: unknown) => {
    installing = undefined; // allow a later retry
    throw error;
  });
  return installing;
}

async function doRunInstallScript(): Promise<void> {
  const script =
    (await findInstallScriptFrom(__dirname)) ?? (await findInstallScriptFrom(process.cwd()));
  if (script === undefined) {
    throw new Error(
      `cannot find tools/test-servers/install.sh above ${__dirname} or ${process.cwd()}: build the test servers into ${toolsBinDir()} yourself`,
    );
  }

  const tail: string[] = [];
  const forward = (chunk: Buffer): void => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      tail.push(line.trim());
      if (tail.length > 5) tail.shift();
      process.stderr.write(`[test-servers/install.sh] ${line}\n`);
    }
  };

  process.stderr.write(
    `[test-servers] building Go test servers with ${script} (first run takes 1-2 minutes)\n`,
  );
  await new Promise<void>((resolve, reject) => {
    const child = spawn('bash', [script], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', forward);
    child.stderr.on('data', forward);
    child.on('error', (error) => reject(new Error(`cannot run ${script}: ${error.message}`)));
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else
        reject(
          new Error(`${script} failed (${signal ?? `exit code ${code}`}): ${tail.join(' | ')}`),
        );
    });
  });
}
