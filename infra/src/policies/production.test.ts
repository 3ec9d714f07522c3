import { broken, renderPristine } from '../test/broken';
import { productionReady } from './production';

const pristine = renderPristine();

it('when a Deployment leaves its replicas to the autoscaler, then the production policy says it starts below the minimum', () => {
  const objects = broken(pristine.gke, 'Deployment', 'payments', (d) => {
    delete d.spec.replicas;
  });
  expect(productionReady(objects)).toEqual([
    "Deployment/payments starts below its autoscaler's minimum",
  ]);
});
