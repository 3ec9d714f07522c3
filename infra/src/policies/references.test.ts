import { broken, renderPristine } from '../test/broken';
import { referencesResolve, servicesSelectWorkloads } from './references';

const pristine = renderPristine();

it('when a Service selects no pods, then the Service policy names it', () => {
  const objects = broken(pristine.dev, 'Service', 'orders', (s) => {
    s.spec.selector = { 'app.kubernetes.io/name': 'order' };
  });
  expect(servicesSelectWorkloads(objects)).toEqual(['Service/orders selects no workload']);
});

it('when a route targets a port its Service does not have, then the reference policy names it', () => {
  const objects = broken(pristine.dev, 'HTTPRoute', 'ticketing', (r) => {
    r.spec.rules[0].backendRefs[0].port = 80;
  });
  expect(referencesResolve(objects)).toEqual(['HTTPRoute/ticketing: Service auth has no port 80']);
});

it('when a GKE health check probes another path than readiness, then the reference policy names it', () => {
  const objects = broken(pristine.gke, 'HealthCheckPolicy', 'payments', (p) => {
    p.spec.default.config.httpHealthCheck.requestPath = '/';
  });
  expect(referencesResolve(objects)).toEqual([
    'HealthCheckPolicy/payments: does not check the readiness endpoint behind payments',
  ]);
});
