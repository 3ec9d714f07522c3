import { broken, renderPristine } from '../test/broken';
import { namespaceEnforcesRestricted } from './pod-security';

const pristine = renderPristine();

it('when the Namespace only warns about privileged pods, then the pod security policy names the modes that are not restricted', () => {
  const objects = broken(pristine.dev, 'Namespace', 'ticketing', (n) => {
    n.metadata.labels['pod-security.kubernetes.io/enforce'] = 'privileged';
    delete n.metadata.labels['pod-security.kubernetes.io/audit'];
  });
  expect(namespaceEnforcesRestricted(objects)).toEqual([
    'Namespace/ticketing: pod-security.kubernetes.io/enforce is privileged, not restricted',
    'Namespace/ticketing: pod-security.kubernetes.io/audit is unset, not restricted',
  ]);
});

it('when an overlay ships no Namespace, or an object lives elsewhere, then the pod security policy says so', () => {
  const withoutNamespace = pristine.gke.filter((o) => o.kind !== 'Namespace');
  expect(namespaceEnforcesRestricted(withoutNamespace)).toEqual([
    '0 Namespace objects, not the one the overlay deploys into',
  ]);
  const elsewhere = broken(pristine.gke, 'Deployment', 'auth', (d) => {
    d.metadata.namespace = 'default';
  });
  expect(namespaceEnforcesRestricted(elsewhere)).toEqual([
    'Deployment/auth is not in Namespace ticketing',
  ]);
});
