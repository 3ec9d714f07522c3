import { broken, renderPristine } from '../test/broken';
import { replicasSpread } from './spread';

const pristine = renderPristine();

it('when an app of two replicas has no spread rules, then the spread policy names zones and nodes', () => {
  const objects = broken(pristine.gke, 'Deployment', 'orders', (d) => {
    delete d.spec.template.spec.topologySpreadConstraints;
  });
  expect(replicasSpread(objects)).toEqual([
    'Deployment/orders: replicas are not spread over zones',
    'Deployment/orders: replicas are not spread over nodes',
  ]);
});

it('when the zone rule is only a preference, or counts every app’s pods together, then the spread policy names it', () => {
  const preferred = broken(pristine.gke, 'Deployment', 'auth', (d) => {
    d.spec.template.spec.topologySpreadConstraints[0].whenUnsatisfiable = 'ScheduleAnyway';
  });
  expect(replicasSpread(preferred)).toEqual([
    'Deployment/auth: replicas are not spread over zones',
  ]);
  const everyApp = broken(pristine.gke, 'Deployment', 'client', (d) => {
    for (const constraint of d.spec.template.spec.topologySpreadConstraints) {
      delete constraint.matchLabelKeys;
    }
  });
  expect(replicasSpread(everyApp)).toEqual([
    'Deployment/client: replicas are not spread over zones',
    'Deployment/client: replicas are not spread over nodes',
  ]);
});

it('when the NATS servers keep apart only by node, then the spread policy asks for zones too', () => {
  const objects = broken(pristine.gke, 'StatefulSet', 'nats', (s) => {
    delete s.spec.template.spec.topologySpreadConstraints;
  });
  expect(replicasSpread(objects)).toEqual(['StatefulSet/nats: replicas are not spread over zones']);
});

it('when the dev overlay runs everything once, then the spread policy asks for nothing', () => {
  expect(replicasSpread(pristine.dev)).toEqual([]);
});
