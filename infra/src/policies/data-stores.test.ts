import { broken, renderPristine } from '../test/broken';
import { dataStoresAdmitOnlyTheirClients } from './data-stores';

const pristine = renderPristine();

it('when another app may connect to a service database, then the data-store policy names it', () => {
  const objects = broken(pristine.dev, 'NetworkPolicy', 'orders-mongo', (p) => {
    p.spec.ingress[0].from.push({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'tickets' } },
    });
  });
  expect(dataStoresAdmitOnlyTheirClients(objects)).toEqual([
    'orders-mongo admits tickets, which is not configured to use it',
  ]);
});

it('when NATS admits a service that does not use the bus, then the data-store policy names it', () => {
  const objects = broken(pristine.dev, 'NetworkPolicy', 'nats', (p) => {
    p.spec.ingress[0].from[0].podSelector.matchExpressions[0].values.push('client');
  });
  expect(dataStoresAdmitOnlyTheirClients(objects)).toEqual([
    'nats admits client, which is not configured to use it',
  ]);
});
