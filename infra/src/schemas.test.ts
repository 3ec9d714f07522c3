import { named } from './objects';
import { validateAgainstSchemas } from './schemas';
import { renderPristine } from './test/broken';

const pristine = renderPristine();

it('when objects break the API schemas or have none, then schema validation reports each', () => {
  const service = named(pristine.dev, 'Service', 'auth')!;
  const route = named(pristine.dev, 'HTTPRoute', 'ticketing')!;
  const problems = validateAgainstSchemas([
    { ...service, spec: { ...(service.spec as object), ports: [{ port: 'http' }] } },
    {
      ...route,
      spec: {
        ...(route.spec as object),
        rules: [{ backendRefs: [{ name: 'auth', port: 'http' }] }],
      },
    },
    { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } },
  ]);
  expect(problems).toEqual([
    { object: 'Service/auth', problem: expect.stringContaining('ports/0/port must be integer') },
    { object: 'HTTPRoute/ticketing', problem: expect.stringContaining('port must be integer') },
    { object: 'Widget/w', problem: 'no schema for example.com/v1 Widget' },
  ]);
});
