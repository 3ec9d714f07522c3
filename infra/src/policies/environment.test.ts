import { loadConfigSchema } from '../config-schemas';
import type { K8sObject } from '../objects';
import { broken, renderPristine } from '../test/broken';
import { environmentMatchesSchema } from './environment';

const pristine = renderPristine();

describe('environment', () => {
  const check = (objects: K8sObject[], app: 'orders' | 'payments') =>
    environmentMatchesSchema(objects, { workload: app, schema: loadConfigSchema(app)! });

  it('when a required variable is missing, then the environment policy names it', () => {
    const objects = broken(pristine.dev, 'Deployment', 'orders', (d) => {
      const container = d.spec.template.spec.containers[0];
      container.env = container.env.filter((v: { name: string }) => v.name !== 'MONGO_URI');
    });
    expect(check(objects, 'orders')).toEqual([
      'orders: MONGO_URI is required by its config schema but not provided',
      // Nothing refers to it any more.
      'orders: MONGO_PASSWORD is provided but its config schema does not read it',
    ]);
  });

  it('when a variable is misspelt, then the environment policy names it', () => {
    const objects = broken(pristine.dev, 'ConfigMap', 'orders-config', (c) => {
      c.data.EXPIRATION_WINDOW_SECOND = c.data.EXPIRATION_WINDOW_SECONDS;
      delete c.data.EXPIRATION_WINDOW_SECONDS;
    });
    expect(check(objects, 'orders')).toEqual([
      'orders: EXPIRATION_WINDOW_SECOND is provided but its config schema does not read it',
    ]);
  });

  it('when a value is one the schema rejects, then the environment policy names it', () => {
    const objects = broken(pristine.dev, 'ConfigMap', 'payments-config', (c) => {
      delete c.data.NODE_ENV;
    });
    expect(check(objects, 'payments')).toEqual([
      'payments: PAYMENTS_PROVIDER is rejected by its config schema: the test provider cannot run in production',
    ]);
  });
});
