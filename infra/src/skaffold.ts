import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { contextFilesOf, copiesResolve, declaredArgs, stageNames } from './dockerfiles';
import { globToRegExp } from './files';
import type { Problems } from './problems';
import { repoRoot } from './repo';

export interface SkaffoldArtifact {
  image: string;
  context?: string;
  docker?: { dockerfile?: string; target?: string; buildArgs?: Record<string, string> };
  sync?: { manual?: { src: string; dest: string; strip?: string }[] };
}

interface BuildType {
  local?: Record<string, unknown>;
  googleCloudBuild?: Record<string, unknown>;
  platforms?: string[];
}

export interface SkaffoldConfig {
  apiVersion: string;
  kind: string;
  build: BuildType & { artifacts: SkaffoldArtifact[] };
  manifests: { kustomize: { paths: string[] } };
  profiles?: {
    name: string;
    activation?: { command?: string }[];
    build?: BuildType & { artifacts?: SkaffoldArtifact[] };
    manifests?: { kustomize?: { paths?: string[] } };
  }[];
}

export function readSkaffold(): SkaffoldConfig {
  return parse(readFileSync(path.join(repoRoot, 'skaffold.yaml'), 'utf8')) as SkaffoldConfig;
}

/** Every artifact list of the config: the default one and each profile's. */
export function artifactLists(
  config: SkaffoldConfig,
): { where: string; artifacts: SkaffoldArtifact[] }[] {
  return [
    { where: 'build', artifacts: config.build.artifacts },
    ...(config.profiles ?? []).flatMap((profile) =>
      profile.build?.artifacts
        ? [{ where: `profile ${profile.name}`, artifacts: profile.build.artifacts }]
        : [],
    ),
  ];
}

/** Every kustomization the config deploys: the default one and each profile's. */
export function kustomizePaths(config: SkaffoldConfig): string[] {
  return [
    ...config.manifests.kustomize.paths,
    ...(config.profiles ?? []).flatMap((profile) => profile.manifests?.kustomize?.paths ?? []),
  ];
}

/**
 * Each artifact's context and Dockerfile exist, its target is a stage of that Dockerfile, its
 * build arguments are ones the Dockerfile declares and, with them, every COPY names something in
 * the context; each sync rule matches files of the context.
 */
export function artifactsResolve(config: SkaffoldConfig): Problems {
  const problems: Problems = [];
  const contextFiles = new Map<string, string[]>();
  for (const { where, artifacts } of artifactLists(config)) {
    for (const artifact of artifacts) {
      const id = `${where}: ${artifact.image}`;
      const context = path.join(repoRoot, artifact.context ?? '.');
      if (!existsSync(context)) {
        problems.push(`${id}: context ${artifact.context} does not exist`);
        continue;
      }
      const dockerfile = path.join(context, artifact.docker?.dockerfile ?? 'Dockerfile');
      const named = path.relative(repoRoot, dockerfile);
      if (!existsSync(dockerfile)) {
        problems.push(`${id}: ${named} does not exist`);
        continue;
      }
      const text = readFileSync(dockerfile, 'utf8');
      const target = artifact.docker?.target;
      if (target !== undefined && !stageNames(text).includes(target)) {
        problems.push(`${id}: ${named} has no stage ${target}`);
      }
      const buildArgs = artifact.docker?.buildArgs ?? {};
      for (const name of Object.keys(buildArgs)) {
        if (!declaredArgs(text).includes(name)) problems.push(`${id}: ${named} has no ARG ${name}`);
      }
      const files = contextFiles.get(context) ?? contextFilesOf(context);
      contextFiles.set(context, files);
      problems.push(...copiesResolve(text, files, buildArgs).map((problem) => `${id}: ${problem}`));
      for (const rule of artifact.sync?.manual ?? []) {
        const pattern = globToRegExp(rule.src);
        if (!files.some((file) => pattern.test(file))) {
          problems.push(`${id}: sync ${rule.src} matches no file`);
        }
      }
    }
  }
  return problems;
}
