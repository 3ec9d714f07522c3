import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { findKustomize, renderOverlays } from './kustomize';
import { workloads, type K8sObject } from './objects';
import { apps, imageBuildOf, imageOf, k8sDir, repoRoot, type Overlay } from './repo';
import { artifactLists, artifactsResolve, kustomizePaths, readSkaffold } from './skaffold';
import { readWorkflows } from './workflows';

const config = readSkaffold();

it('when skaffold.yaml is read, then it uses the v4beta config schema', () => {
  expect(config.apiVersion).toMatch(/^skaffold\/v4beta\d+$/);
  expect(config.kind).toBe('Config');
});

it('when the artifacts are resolved, then every context, Dockerfile, target, build argument, copied path and sync path exists', () => {
  expect(artifactsResolve(config)).toEqual([]);
});

it('when any artifact list is used, then it builds the six images from the repository root, the services from the one Dockerfile named by SERVICE', () => {
  for (const { artifacts } of artifactLists(config)) {
    expect(
      artifacts.map((a) => ({
        image: a.image,
        context: a.context,
        dockerfile: a.docker?.dockerfile,
        buildArgs: a.docker?.buildArgs,
      })),
    ).toEqual(apps.map((app) => ({ image: imageOf(app), context: '.', ...imageBuildOf(app) })));
  }
});

it('when an artifact names a build argument its Dockerfile lacks, or a service with no directory, then the resolution names both', () => {
  const auth = config.build.artifacts[0]!;
  const problems = artifactsResolve({
    ...config,
    build: {
      artifacts: [
        { ...auth, docker: { ...auth.docker, buildArgs: { SERVICE: 'auth', SERVCE: 'auth' } } },
        {
          ...auth,
          image: 'ticketing/nowhere',
          docker: { ...auth.docker, buildArgs: { SERVICE: 'nowhere' } },
        },
      ],
    },
    profiles: [],
  });
  expect(problems).toEqual([
    'build: ticketing/auth: Dockerfile has no ARG SERVCE',
    'build: ticketing/nowhere: COPY nowhere/ matches nothing in the build context',
  ]);
});

it('when skaffold dev runs, then the dev profile builds the dev targets and syncs each app’s sources', () => {
  const dev = config.profiles?.find((profile) => profile.name === 'dev');
  expect(dev?.activation).toEqual([{ command: 'dev' }]);
  for (const artifact of dev?.build?.artifacts ?? []) {
    const app = artifact.image.replace('ticketing/', '');
    expect(artifact.docker?.target).toBe('dev');
    expect(artifact.sync?.manual).toEqual([
      { src: expect.stringMatching(`^${app}/src/`), dest: '/app' },
    ]);
  }
});

it('when skaffold runs with -p gke,gcb, then Cloud Build builds the same artifacts with BuildKit, and the local Docker stays the default', () => {
  const gcb = config.profiles?.find((profile) => profile.name === 'gcb');
  expect(gcb?.build?.googleCloudBuild).toBeDefined();
  expect(gcb?.build?.artifacts).toBeUndefined();
  // skaffold turns BuildKit on for Cloud Build only when a platform is named; COPY --parents needs it.
  expect(gcb?.build?.platforms).toEqual(['linux/amd64']);
  expect(gcb?.activation).toBeUndefined();
  expect(config.build.local).toBeDefined();
  expect(config.build.googleCloudBuild).toBeUndefined();
});

it('when the README or the deploy workflow pushes to Artifact Registry, then each image is REGION-docker.pkg.dev/PROJECT/ticketing/<app>, the repository named once', () => {
  // skaffold puts an Artifact Registry default repo before the whole image name (multi-level).
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const readmeRepos = [...readme.matchAll(/skaffold run -p gke\S* --default-repo "([^"]+)"/g)].map(
    (match) => match[1]!,
  );
  expect(readmeRepos.length).toBeGreaterThanOrEqual(2);
  const deploy = readWorkflows().find((w) => w.file === 'deploy.yml')!;
  const deployRepo = (deploy.jobs.deploy as { env?: Record<string, string> }).env!.IMAGE_REPO!;
  for (const app of apps) {
    for (const repo of readmeRepos) {
      expect(`${repo}/${imageOf(app)}`).toBe(`$REGION-docker.pkg.dev/$PROJECT_ID/ticketing/${app}`);
    }
    expect(`${deployRepo}/${imageOf(app)}`).toBe(
      `\${{ vars.GCP_REGION }}-docker.pkg.dev/\${{ vars.GCP_PROJECT }}/ticketing/${app}`,
    );
  }
  expect(readme).toContain('gcloud artifacts repositories create ticketing ');
});

describe('manifests', () => {
  let rendered: Record<Overlay, K8sObject[]>;
  beforeAll(() => {
    rendered = renderOverlays(findKustomize());
  });

  it('when skaffold deploys, then each kustomization it names is one of the overlays', () => {
    for (const kustomization of kustomizePaths(config)) {
      expect(existsSync(path.join(repoRoot, kustomization, 'kustomization.yaml'))).toBe(true);
      expect(path.dirname(path.join(repoRoot, kustomization))).toBe(path.join(k8sDir, 'overlays'));
    }
  });

  it('when any overlay skaffold deploys is rendered, then it runs every image skaffold builds', () => {
    for (const kustomization of kustomizePaths(config)) {
      const overlay = path.basename(kustomization) as Overlay;
      const images = workloads(rendered[overlay]).flatMap((w) => w.containers.map((c) => c.image));
      for (const app of apps) expect(images).toContain(imageOf(app));
    }
  });
});
