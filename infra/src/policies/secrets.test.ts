import { broken, renderPristine } from '../test/broken';
import { noSecretValues } from './secrets';

const pristine = renderPristine();

it('when a Secret value or a secret in a ConfigMap is committed, then the secrets policy names them', () => {
  const withSecret = [
    ...pristine.gke,
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'leak' }, stringData: { JWT_KEY: 'x' } },
  ];
  const objects = broken(pristine.gke, 'ConfigMap', 'service-defaults', (c) => {
    c.data.JWT_KEY = 'not-a-secret-anymore';
  });
  expect(noSecretValues(withSecret)).toEqual(['Secret/leak carries values']);
  expect(noSecretValues(objects)).toEqual([
    expect.stringMatching(
      /^ConfigMap\/service-defaults-\w+ holds JWT_KEY, which belongs in a Secret$/,
    ),
  ]);
});
