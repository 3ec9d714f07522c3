import { broken, container, renderPristine } from '../test/broken';
import { hardenedWorkloads } from './hardening';

const pristine = renderPristine();

it('when a container has no readiness probe and a writable root filesystem, then the hardening policy names both', () => {
  const objects = broken(pristine.gke, 'Deployment', 'tickets', (d) => {
    delete container(d).readinessProbe;
    container(d).securityContext.readOnlyRootFilesystem = false;
  });
  expect(hardenedWorkloads(objects)).toEqual([
    'Deployment/tickets container tickets: no readiness probe',
    'Deployment/tickets container tickets: root filesystem is writable',
  ]);
});

it('when a data store image floats on a moving tag, then the hardening policy names it', () => {
  const objects = broken(pristine.gke, 'StatefulSet', 'redis', (s) => {
    container(s).image = 'redis:alpine';
  });
  expect(hardenedWorkloads(objects)).toEqual([
    'StatefulSet/redis container redis: image redis:alpine is not pinned to a release',
  ]);
});
