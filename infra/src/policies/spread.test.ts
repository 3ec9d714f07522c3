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

it('when a spread rule selects by a key it also lists in matchLabelKeys, then the spread policy names it, as the API server refuses such pods', () => {
  const objects = broken(pristine.gke, 'Deployment', 'tickets', (d) => {
    d.spec.template.spec.topologySpreadConstraints[0].labelSelector = {
      matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'Exists' }],
    };
  });
  expect(replicasSpread(objects)).toEqual([
    'Deployment/tickets: topology.kubernetes.io/zone rule has app.kubernetes.io/name in both matchLabelKeys and labelSelector',
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
