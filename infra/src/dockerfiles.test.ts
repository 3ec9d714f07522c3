import { readFileSync } from 'node:fs';
import path from 'node:path';
import { checkDockerfile, copiedManifests, stageNames } from './dockerfiles';
import { apps, repoRoot } from './repo';

const dockerfile = (app: string) => readFileSync(path.join(repoRoot, app, 'Dockerfile'), 'utf8');

describe.each(apps)('%s/Dockerfile', (app) => {
  it(`when ${app}/Dockerfile is linted, then its image is pinned, non-root, production-only and started without watchers`, () => {
    expect(checkDockerfile(dockerfile(app))).toEqual([]);
  });

  it(`when ${app}/Dockerfile is read, then it has a dev target for skaffold dev before the production stage`, () => {
    const stages = stageNames(dockerfile(app));
    expect(stages).toContain('dev');
    expect(stages.at(-1)).toBe('runtime');
  });

  it(`when ${app}/Dockerfile installs dependencies, then it has every workspace's package.json for npm ci`, () => {
    const { workspaces } = JSON.parse(
      readFileSync(path.join(repoRoot, 'package.json'), 'utf8'),
    ) as {
      workspaces: string[];
    };
    expect(copiedManifests(dockerfile(app)).sort()).toEqual(
      ['package.json', ...workspaces.map((w) => `${w}/package.json`)].sort(),
    );
  });
});

it('when the five service Dockerfiles are compared, then they differ only in the service they build', () => {
  const services = apps.filter((app) => app !== 'client');
  const generic = (app: string) =>
    dockerfile(app)
      .split('\n')
      .filter((line) => !line.startsWith('#'))
      .join('\n')
      .replace(`ARG SERVICE=${app}\n`, 'ARG SERVICE=…\n');
  for (const app of services) expect(generic(app)).toBe(generic('auth'));
});

it('when a Dockerfile floats its base image, runs as root and ships dev dependencies with a watcher, then the lint names each problem', () => {
  const problems = checkDockerfile(
    [
      'FROM node:24-alpine AS deps',
      'RUN npm ci',
      'FROM node:latest',
      'COPY --from=deps /app/node_modules ./node_modules',
      'RUN npm install',
      'CMD node --watch dist/index.js',
    ].join('\n'),
  );
  expect(problems).toEqual([
    'FROM node:24-alpine: the base image is not pinned to a release',
    'FROM node:latest: the base image is not pinned to a release',
    'the final stage has no USER: it would run as root',
    'the final stage does not set NODE_ENV=production',
    'the final stage installs packages including dev dependencies',
    'the final stage copies node_modules from deps, which has dev dependencies',
    'the final stage: CMD is not in exec form, so the process would not get SIGTERM',
    'the final stage: CMD runs a watcher or a TypeScript runner',
  ]);
});

it('when the build context is filtered, then installed packages, build and test output, git and local secrets stay out', () => {
  const ignored = readFileSync(path.join(repoRoot, '.dockerignore'), 'utf8').split('\n');
  for (const entry of [
    '**/node_modules',
    '**/dist',
    '**/.next',
    '**/coverage',
    '**/test-output',
    '**/secrets.env',
    '**/.env',
    '.git',
  ]) {
    expect(ignored).toContain(entry);
  }
});
