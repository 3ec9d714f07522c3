import { parse } from 'yaml';
import { apps, imageBuildOf, readWorkspaces } from './repo';
import { checkWorkflow, readWorkflows, stepsUsing, type Workflow } from './workflows';

const workflows = readWorkflows();
const workflow = (file: string) => workflows.find((w) => w.file === file) as Workflow;

it.each(workflows.map((w) => w.file))(
  'when %s is parsed, then it is well-formed, its actions are pinned and it holds no secret',
  (file) => {
    expect(checkWorkflow(workflow(file))).toEqual([]);
  },
);

describe('ci.yml', () => {
  const ci = () => workflow('ci.yml');

  it('when a pull request is opened, then the changed workspaces are tested, one job each', () => {
    expect(Object.keys(ci().on)).toContain('pull_request');
    const test = ci().jobs.test!;
    expect(test.needs).toBe('changes');
    expect(test.strategy?.matrix?.workspace).toBe(
      '${{ fromJSON(needs.changes.outputs.workspaces) }}',
    );
  });

  it('when the path filters are read, then every workspace has one and a change to common reaches every service', () => {
    const [filter] = stepsUsing(ci().jobs.changes!, 'dorny/paths-filter');
    const filters = parse(filter!.with!.filters as string) as Record<string, string[]>;
    for (const workspace of readWorkspaces()) expect(Object.keys(filters)).toContain(workspace);
    for (const service of ['auth', 'tickets', 'orders', 'expiration', 'payments']) {
      expect(filters[service]!.flat()).toContain('common/**');
    }
  });

  it('when CI builds the images, then it builds each app from the Dockerfile and build argument skaffold uses, both targets', () => {
    const images = ci().jobs.images!;
    const matrix = images.strategy?.matrix?.include as {
      image: string;
      dockerfile: string;
      service?: string;
    }[];
    expect(
      matrix.map(({ image, dockerfile, service }) => ({
        image,
        dockerfile,
        ...(service && { buildArgs: { SERVICE: service } }),
      })),
    ).toEqual(apps.map((app) => ({ image: app, ...imageBuildOf(app) })));
    const builds = images.steps!.flatMap((step) => step.run ?? []);
    expect(builds).toEqual([
      expect.stringMatching(
        /^docker buildx build --file "\$DOCKERFILE" \$\{SERVICE:\+--build-arg "SERVICE=\$SERVICE"\} --target dev \.$/,
      ),
      expect.stringMatching(
        /^docker buildx build --file "\$DOCKERFILE" \$\{SERVICE:\+--build-arg "SERVICE=\$SERVICE"\} \.$/,
      ),
    ]);
  });

  it('when tests run in CI, then MongoDB is a service container the harness uses and NATS and Redis are installed for it', () => {
    const test = ci().jobs.test!;
    expect(test.services?.mongo?.image).toMatch(/^mongo:\d+\.\d+\.\d+$/);
    expect((test as { env?: Record<string, string> }).env?.MONGO_URL).toBe(
      'mongodb://localhost:27017',
    );
    const install = test.steps!.map((s) => s.run ?? '').join('\n');
    expect(install).toMatch(/apt-get install .*nats-server.*redis-server/);
    expect(install).toContain('bash tools/test-servers/install.sh');
  });
});

describe('deploy.yml', () => {
  const deploy = () => workflow('deploy.yml');

  it('when main passes CI, then the tested commit is deployed', () => {
    expect(deploy().on.workflow_run).toEqual({
      workflows: ['CI'],
      types: ['completed'],
      branches: ['main'],
    });
    expect(deploy().jobs.deploy!.if).toContain("github.event.workflow_run.conclusion == 'success'");
  });

  it('when deploying, then Google Cloud is reached through workload identity federation, without keys', () => {
    expect(deploy().permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    const [auth] = stepsUsing(deploy().jobs.deploy!, 'google-github-actions/auth');
    expect(auth?.with).toEqual({
      project_id: '${{ vars.GCP_PROJECT }}',
      workload_identity_provider: '${{ vars.GCP_WORKLOAD_IDENTITY_PROVIDER }}',
      service_account: '${{ vars.GCP_DEPLOY_SERVICE_ACCOUNT }}',
    });
  });

  it('when deploying, then skaffold builds, pushes to Artifact Registry and applies the gke overlay', () => {
    const run = deploy()
      .jobs.deploy!.steps!.map((s) => s.run ?? '')
      .join('\n');
    expect(run).toContain('skaffold run --profile gke --default-repo "$IMAGE_REPO"');
    expect((deploy().jobs.deploy as { env?: Record<string, string> }).env?.IMAGE_REPO).toMatch(
      /-docker\.pkg\.dev\//,
    );
  });
});

it('when a workflow inlines a key or uses an unpinned action, then the check names both', () => {
  const text = [
    'on: push',
    'jobs:',
    '  x:',
    '    runs-on: ubuntu-24.04',
    '    steps:',
    '      - uses: actions/checkout@main',
    '      - run: deploy --key sk_live_abcdefghijklmnop',
  ].join('\n');
  expect(checkWorkflow({ file: 'x.yml', text, ...parse(text) })).toEqual([
    'x.yml job x: actions/checkout@main is not pinned to a release',
    'x.yml: contains a Stripe secret key',
  ]);
});
