import { DockerfileParser, type Copy, type Env, type From, type Instruction } from 'dockerfile-ast';
import { isPinnedTag } from './images';
import type { Problems } from './policies';

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

/** Paths of the `COPY <workspace>/package.json` lines of a Dockerfile's first stages. */
export function copiedManifests(text: string): string[] {
  return stagesOf(text)
    .flatMap((stage) => stage.instructions)
    .filter((i) => i.getKeyword() === 'COPY' && (i as Copy).getFromFlag() === null)
    .flatMap((i) =>
      i
        .getArguments()
        .slice(0, -1)
        .map((argument) => argument.getValue()),
    )
    .filter((path) => path.endsWith('package.json'));
}
