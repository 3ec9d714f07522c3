import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { globToRegExp, listFiles } from './files';
import type { Problems } from './policies';
import { repoRoot } from './repo';

export interface SkaffoldArtifact {
  image: string;
  context?: string;
  docker?: { dockerfile?: string; target?: string };
  sync?: { manual?: { src: string; dest: string; strip?: string }[] };
}

export interface SkaffoldConfig {
  apiVersion: string;
  kind: string;
  build: { artifacts: SkaffoldArtifact[] };
  manifests: { kustomize: { paths: string[] } };
  profiles?: {
    name: string;
    activation?: { command?: string }[];
    build?: { artifacts?: SkaffoldArtifact[] };
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
 * Each artifact's context and Dockerfile exist, its target is a stage of that Dockerfile, and
 * each sync rule matches real files.
 */
export function artifactsResolve(
  config: SkaffoldConfig,
  stagesOf: (dockerfile: string) => (string | undefined)[],
): Problems {
  const problems: Problems = [];
  const files = listFiles(repoRoot);
  for (const { where, artifacts } of artifactLists(config)) {
    for (const artifact of artifacts) {
      const id = `${where}: ${artifact.image}`;
      const context = path.join(repoRoot, artifact.context ?? '.');
      if (!existsSync(context)) {
        problems.push(`${id}: context ${artifact.context} does not exist`);
        continue;
      }
      const dockerfile = path.join(context, artifact.docker?.dockerfile ?? 'Dockerfile');
      if (!existsSync(dockerfile)) {
        problems.push(`${id}: ${path.relative(repoRoot, dockerfile)} does not exist`);
        continue;
      }
      const target = artifact.docker?.target;
      if (target !== undefined && !stagesOf(readFileSync(dockerfile, 'utf8')).includes(target)) {
        problems.push(`${id}: ${path.relative(repoRoot, dockerfile)} has no stage ${target}`);
      }
      const contextPrefix = path.relative(repoRoot, context);
      for (const rule of artifact.sync?.manual ?? []) {
        const pattern = globToRegExp(rule.src);
        const inContext = files
          .filter((file) => contextPrefix === '' || file.startsWith(`${contextPrefix}/`))
          .map((file) => (contextPrefix === '' ? file : file.slice(contextPrefix.length + 1)));
        if (!inContext.some((file) => pattern.test(file))) {
          problems.push(`${id}: sync ${rule.src} matches no file`);
        }
      }
    }
  }
  return problems;
}
