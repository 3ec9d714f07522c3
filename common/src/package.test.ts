import { execFileSync } from 'node:child_process';
import path from 'node:path';

describe('the published package', () => {
  it('when packed, then the tarball holds compiled JavaScript, type declarations and the docs only', () => {
    const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: path.resolve(__dirname, '..'),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const [pack] = JSON.parse(output) as {
      name: string;
      version: string;
      files: { path: string }[];
    }[];
    const files = pack!.files.map((f) => f.path);

    expect(pack!.name).toBe('@ticketing/common');
    expect(pack!.version).toMatch(/^\d+\.\d+\.\d+$/);
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
});
