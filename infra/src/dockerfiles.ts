import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  DockerfileParser,
  type Arg,
  type Copy,
  type Env,
  type From,
  type Instruction,
} from 'dockerfile-ast';
import { dockerignore, globToRegExp, listFiles } from './files';
import { isPinnedTag } from './images';
import type { Problems } from './problems';

interface Stage {
  from: From;
  name: string | undefined;
  instructions: Instruction[];
}

function stagesOf(text: string): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of DockerfileParser.parse(text).getInstructions()) {
    if (instruction.getKeyword() === 'FROM') {
      const from = instruction as From;
      stages.push({ from, name: from.getBuildStage() ?? undefined, instructions: [] });
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}

const arguments_ = (instruction: Instruction) => instruction.getArgumentsContent() ?? '';
const installsPackages = (instruction: Instruction) =>
  instruction.getKeyword() === 'RUN' && /\bnpm\s+(ci|install|i)\b/.test(arguments_(instruction));
const omitsDevDependencies = (instruction: Instruction) =>
  /--omit[= ]dev\b|--production\b/.test(arguments_(instruction));

/**
 * A Dockerfile's production image (its last stage): every base image pinned to a release, a
 * non-root USER, NODE_ENV=production, an exec-form CMD without watchers or TypeScript runners,
 * and node_modules only from a stage that installed production dependencies.
 */
export function checkDockerfile(text: string): Problems {
  const problems: Problems = [];
  const stages = stagesOf(text);
  const stageNames = new Set(stages.flatMap((stage) => (stage.name ? [stage.name] : [])));

  for (const { from } of stages) {
    const image = from.getImageName() ?? '';
    if (stageNames.has(image)) continue;
    if (from.getImageDigest() === null && !isPinnedTag(from.getImageTag() ?? undefined)) {
      problems.push(`FROM ${from.getImage()}: the base image is not pinned to a release`);
    }
  }

  const final = stages.at(-1);
  if (!final) return ['no FROM instruction'];
  const finalName = final.name ?? 'the final stage';
  if (stageNames.has(final.from.getImageName() ?? '')) {
    problems.push(
      `${finalName} starts from stage ${final.from.getImageName()}, carrying its build tools`,
    );
  }

  const users = final.instructions.filter((i) => i.getKeyword() === 'USER').map(arguments_);
  const user = users.at(-1);
  if (user === undefined) problems.push(`${finalName} has no USER: it would run as root`);
  else if (/^(root|0)(:|$)/.test(user)) problems.push(`${finalName} runs as ${user}`);

  const nodeEnv = final.instructions
    .filter((i): i is Env => i.getKeyword() === 'ENV')
    .flatMap((env) => env.getProperties())
    .find((property) => property.getName() === 'NODE_ENV');
  if (nodeEnv?.getValue() !== 'production')
    problems.push(`${finalName} does not set NODE_ENV=production`);

  for (const instruction of final.instructions.filter(installsPackages)) {
    if (!omitsDevDependencies(instruction)) {
      problems.push(`${finalName} installs packages including dev dependencies`);
    }
  }
  for (const copy of final.instructions.filter((i): i is Copy => i.getKeyword() === 'COPY')) {
    const source = copy.getFromFlag()?.getValue();
    const paths = copy
      .getArguments()
      .slice(0, -1)
      .map((argument) => argument.getValue());
    if (source === undefined || !paths.some((path) => path.includes('node_modules'))) continue;
    const installs =
      stages.find((stage) => stage.name === source)?.instructions.filter(installsPackages) ?? [];
    if (installs.length === 0 || !installs.every(omitsDevDependencies)) {
      problems.push(`${finalName} copies node_modules from ${source}, which has dev dependencies`);
    }
  }

  const commands = final.instructions.filter(
    (i) => i.getKeyword() === 'CMD' || i.getKeyword() === 'ENTRYPOINT',
  );
  const command = commands.at(-1);
  if (!command) problems.push(`${finalName} has no CMD`);
  else {
    const content = arguments_(command);
    if (!content.trim().startsWith('[')) {
      problems.push(`${finalName}: CMD is not in exec form, so the process would not get SIGTERM`);
    }
    if (/--watch|nodemon|ts-node|tsx|next dev/.test(content)) {
      problems.push(`${finalName}: CMD runs a watcher or a TypeScript runner`);
    }
  }
  return problems;
}

/** The stage names, in order (the dev target must exist and must not be the last stage). */
export const stageNames = (text: string) => stagesOf(text).map((stage) => stage.name);

type BuildArgs = Record<string, string>;

const args = (text: string) =>
  DockerfileParser.parse(text)
    .getInstructions()
    .filter((i): i is Arg => i.getKeyword() === 'ARG')
    .flatMap((arg) => {
      const property = arg.getProperty();
      return property ? [{ name: property.getName(), value: property.getValue() ?? '' }] : [];
    });

/** The build arguments a Dockerfile declares. */
export const declaredArgs = (text: string) => [...new Set(args(text).map((arg) => arg.name))];

/** Substitutes `$NAME` and `${NAME}` with the given build argument, else the ARG's default. */
function expander(text: string, buildArgs: BuildArgs): (value: string) => string {
  const values = new Map(args(text).map(({ name, value }) => [name, buildArgs[name] ?? value]));
  return (value) => value.replace(/\$\{?(\w+)\}?/g, (_, name: string) => values.get(name) ?? '');
}

/** A COPY source as a path relative to the context root, without `./` or a trailing `/`. */
const contextPath = (source: string) =>
  path.posix.normalize(source).replace(/^\.\/|\/$/g, '') || '.';

/** The build context's files, as a glob or directory source names them (`dir/` is all below it). */
function sourceMatches(source: string, contextFiles: string[]): string[] {
  const clean = contextPath(source);
  if (clean === '.') return contextFiles;
  const pattern = globToRegExp(clean);
  return contextFiles.filter((file) => pattern.test(file) || file.startsWith(`${clean}/`));
}

interface ContextCopy {
  sources: string[];
  /** Absolute, against the WORKDIR of the time. */
  destination: string;
  parents: boolean;
}

/**
 * The COPY instructions that read the build context (not another stage), in build order, up to
 * the first `npm ci`/`npm install` and along the stages it builds on; ARGs take their default or
 * the given value.
 */
function contextCopiesBeforeInstall(
  text: string,
  buildArgs: BuildArgs,
): { copies: ContextCopy[]; workdir: string } | undefined {
  const expand = expander(text, buildArgs);
  const stages = stagesOf(text);
  const installing = stages.find((stage) => stage.instructions.some(installsPackages));
  if (!installing) return undefined;
  const chain = [installing];
  for (let stage = installing; ;) {
    const parent = stages.find((candidate) => candidate.name === stage.from.getImageName());
    if (!parent) break;
    chain.unshift(parent);
    stage = parent;
  }
  const copies: ContextCopy[] = [];
  let workdir = '/';
  for (const stage of chain) {
    for (const instruction of stage.instructions) {
      if (stage === installing && installsPackages(instruction)) return { copies, workdir };
      if (instruction.getKeyword() === 'WORKDIR') {
        workdir = path.posix.resolve(workdir, expand(arguments_(instruction)));
      }
      const copy = instruction as Copy;
      if (instruction.getKeyword() !== 'COPY' || copy.getFromFlag() !== null) continue;
      const paths = copy.getArguments().map((argument) => expand(argument.getValue()));
      copies.push({
        sources: paths.slice(0, -1),
        destination: path.posix.resolve(workdir, paths.at(-1) ?? '.'),
        parents: copy.getFlags().some((flag) => flag.getName() === 'parents'),
      });
    }
  }
  return { copies, workdir };
}

/**
 * The files in the working directory when the Dockerfile first installs packages: what npm ci
 * sees of the workspaces and the lock file.
 */
function filesBeforeInstall(
  text: string,
  contextFiles: string[],
  buildArgs: BuildArgs = {},
): string[] {
  const found = contextCopiesBeforeInstall(text, buildArgs);
  if (!found) return [];
  const files = found.copies.flatMap(({ sources, destination, parents }) =>
    sources.flatMap((source) => {
      const directory = contextPath(source);
      return sourceMatches(source, contextFiles).map((file) => {
        if (parents) return path.posix.join(destination, file);
        if (file.startsWith(`${directory}/`)) {
          return path.posix.join(destination, file.slice(directory.length + 1));
        }
        return path.posix.join(destination, path.posix.basename(file));
      });
    }),
  );
  return [...new Set(files)]
    .filter((file) => file.startsWith(`${found.workdir}/`))
    .map((file) => file.slice(found.workdir.length + 1));
}

/** Every COPY from the build context names something in it (with the given build arguments). */
export function copiesResolve(
  text: string,
  contextFiles: string[],
  buildArgs: BuildArgs = {},
): Problems {
  const expand = expander(text, buildArgs);
  return stagesOf(text)
    .flatMap((stage) => stage.instructions)
    .filter((i): i is Copy => i.getKeyword() === 'COPY' && (i as Copy).getFromFlag() === null)
    .flatMap((copy) =>
      copy
        .getArguments()
        .slice(0, -1)
        .map((argument) => expand(argument.getValue()))
        .filter((source) => sourceMatches(source, contextFiles).length === 0)
        .map((source) => `COPY ${source} matches nothing in the build context`),
    );
}

/** npm ci sees the root manifest, the lock file and every workspace's package.json. */
export function installSeesWorkspaces(
  text: string,
  contextFiles: string[],
  workspaces: string[],
): Problems {
  const present = new Set(filesBeforeInstall(text, contextFiles));
  return ['package.json', 'package-lock.json', ...workspaces.map((w) => `${w}/package.json`)]
    .filter((file) => !present.has(file))
    .map((file) => `npm ci runs without ${file}`);
}

/** The files of a build context that its .dockerignore lets through. */
export function contextFilesOf(contextDir: string): string[] {
  const ignoreFile = path.join(contextDir, '.dockerignore');
  const ignored = dockerignore(existsSync(ignoreFile) ? readFileSync(ignoreFile, 'utf8') : '');
  return listFiles(contextDir).filter((file) => !ignored(file));
}
