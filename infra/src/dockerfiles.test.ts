import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  checkDockerfile,
  contextFilesOf,
  copiesResolve,
  installSeesWorkspaces,
  stageNames,
} from './dockerfiles';
import { dockerignore, listFiles } from './files';
import { readWorkspaces, repoRoot } from './repo';

const dockerfiles = listFiles(repoRoot).filter(
  (file) => path.posix.basename(file) === 'Dockerfile',
);
const read = (file: string) => readFileSync(path.join(repoRoot, file), 'utf8');

it("when the repository is searched for Dockerfiles, then there are two: the services' at the root and the website's", () => {
  expect(dockerfiles.sort()).toEqual(['Dockerfile', 'client/Dockerfile']);
});

describe.each(dockerfiles)('%s', (file) => {
  it(`when ${file} is linted, then its image is pinned, non-root, production-only and started without watchers`, () => {
    expect(checkDockerfile(read(file))).toEqual([]);
  });

  it(`when ${file} is read, then it has a dev target for skaffold dev before the production stage`, () => {
    const stages = stageNames(read(file));
    expect(stages).toContain('dev');
    expect(stages.at(-1)).toBe('runtime');
  });

  it(`when ${file} installs dependencies, then npm ci sees the lock file and every workspace's package.json`, () => {
    expect(installSeesWorkspaces(read(file), contextFilesOf(repoRoot), readWorkspaces())).toEqual(
      [],
    );
  });
});

describe('the manifests npm ci sees', () => {
  const workspaces = ['common', 'auth', 'local-servers'];
  const context = [
    'package.json',
    'package-lock.json',
    ...workspaces.flatMap((w) => [`${w}/package.json`, `${w}/src/index.ts`]),
  ];
  const byName = [
    'FROM node:24.11.1-alpine3.22',
    'WORKDIR /app',
    'COPY package.json package-lock.json ./',
    'COPY common/package.json common/',
    'COPY auth/package.json auth/',
    'RUN npm ci',
  ].join('\n');
  const byPattern = [
    'FROM node:24.11.1-alpine3.22 AS base',
    'WORKDIR /app',
    'COPY --parents package.json package-lock.json */package.json ./',
    'FROM base',
    'RUN npm ci',
  ].join('\n');

  it('when the manifests are listed by name and a workspace is added, then the check names its package.json', () => {
    expect(installSeesWorkspaces(byName, context, workspaces)).toEqual([
      'npm ci runs without local-servers/package.json',
    ]);
  });

  it('when they are copied by pattern, then a new workspace is seen unless .dockerignore leaves it out', () => {
    expect(installSeesWorkspaces(byPattern, context, workspaces)).toEqual([]);
    const ignored = dockerignore('**/src\nlocal-servers\n');
    const filtered = context.filter((f) => !ignored(f));
    expect(installSeesWorkspaces(byPattern, filtered, workspaces)).toEqual([
      'npm ci runs without local-servers/package.json',
    ]);
  });
});

it('when .dockerignore leaves a directory out but takes one of its files back, then only that file stays in the context', () => {
  const ignored = dockerignore('# comment\n**/node_modules\ninfra\n!infra/package.json\n');
  const files = [
    'infra/package.json',
    'infra/src/a.ts',
    'auth/node_modules/x/index.js',
    'auth/a.ts',
  ];
  expect(files.filter((f) => !ignored(f))).toEqual(['infra/package.json', 'auth/a.ts']);
});

it('when a COPY names what the build context lacks, then the check names it with the build argument applied', () => {
  const text = ['ARG SERVICE', 'FROM node:24.11.1-alpine3.22', 'COPY ${SERVICE}/ ${SERVICE}/'].join(
    '\n',
  );
  const context = ['auth/package.json'];
  expect(copiesResolve(text, context, { SERVICE: 'auth' })).toEqual([]);
  expect(copiesResolve(text, context, { SERVICE: 'ticket' })).toEqual([
    'COPY ticket/ matches nothing in the build context',
  ]);
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
