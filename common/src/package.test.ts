import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');

function packedFiles(): { name: string; version: string; files: string[] } {
  const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const [pack] = JSON.parse(output) as {
    name: string;
    version: string;
    files: { path: string }[];
  }[];
  return { ...pack!, files: pack!.files.map((f) => f.path) };
}

describe('the published package', () => {
  it('when packed, then the tarball holds compiled JavaScript, type declarations and the docs only', () => {
    const pack = packedFiles();
    const files = pack.files;

    expect(pack.name).toBe('@ticketing/common');
    expect(pack.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(files).toEqual(
      expect.arrayContaining(['dist/index.js', 'dist/index.d.ts', 'dist/testing/index.js']),
    );
    const unexpected = files.filter(
      (f) =>
        !/^dist\/.+\.(js|d\.ts)$/.test(f) &&
        !['package.json', 'README.md', 'CHANGELOG.md'].includes(f),
    );
    expect(unexpected).toEqual([]);
    expect(files.filter((f) => /\.test\.|\/test\//.test(f))).toEqual([]);
  });

  it('when packed, then it launches no servers: the testing entry hands out those of @ticketing/local-servers', () => {
    // Whole words: a binary's name, not a word that starts with one (FerretDB's `ferretdbVersion`).
    const serverBinaries = /\b(nats-server|nats-streaming-server|redis-server|ferretdb|initdb)\b/;
    const launchers = packedFiles()
      .files.filter((f) => f.endsWith('.js'))
      .filter((f) => serverBinaries.test(readFileSync(path.join(root, f), 'utf8')));
    expect(launchers).toEqual([]);

    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const testing = require(path.join(root, 'dist/testing')) as Record<string, unknown>;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const localServers = require('@ticketing/local-servers') as Record<string, unknown>;
    for (const launcher of [
      'startMongo',
      'startNats',
      'startRedis',
      'startStan',
      'startStripeMock',
    ]) {
      expect(testing[launcher]).toBe(localServers[launcher]);
    }
  });
});
