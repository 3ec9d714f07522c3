import { broken, container, renderPristine } from '../test/broken';
import { natsUsersPublishOnlyTheirOwn } from './nats';

const pristine = renderPristine();

describe('NATS users', () => {
  it("when a service's user may publish another service's subject, then the policy names it", () => {
    const objects = broken(pristine.dev, 'ConfigMap', 'nats-config', (c) => {
      c.data['auth.conf'] = c.data['auth.conf'].replace('"ticket.*"', '"ticket.*", "payment.*"');
    });

    expect(natsUsersPublishOnlyTheirOwn(objects)).toEqual([
      'NATS user tickets may publish payment.*',
    ]);
  });

  it("when a service's user may use the whole JetStream API, then the policy names it", () => {
    const objects = broken(pristine.dev, 'ConfigMap', 'nats-config', (c) => {
      c.data['auth.conf'] = c.data['auth.conf'].replace(
        '"ticket.*", "deadletter.order.*"',
        '"ticket.*", "$JS.API.>", "$JS.ACK.TICKETING.>", "deadletter.order.*"',
      );
    });

    expect(natsUsersPublishOnlyTheirOwn(objects)).toEqual([
      'NATS user tickets may publish $JS.API.>',
      'NATS user tickets may publish $JS.ACK.TICKETING.>',
    ]);
  });

  it("when a service's user may delete or pull from another service's consumer, then the policy names it", () => {
    const objects = broken(pristine.dev, 'ConfigMap', 'nats-config', (c) => {
      c.data['auth.conf'] = c.data['auth.conf'].replace(
        '"ticket.*", "deadletter.order.*"',
        '"ticket.*", "$JS.API.CONSUMER.DELETE.TICKETING.orders_ticket_created", "$JS.API.CONSUMER.MSG.NEXT.TICKETING.*", "deadletter.order.*"',
      );
    });

    expect(natsUsersPublishOnlyTheirOwn(objects)).toEqual([
      "NATS user tickets may publish $JS.API.CONSUMER.DELETE.TICKETING.orders_ticket_created (another user's consumer)",
      expect.stringMatching(
        /^NATS user tickets may publish \$JS\.API\.CONSUMER\.MSG\.NEXT\.TICKETING\.auth_user_sessions-revoked, .*\(another user's consumer\)$/,
      ),
    ]);
  });

  it("when the catalog may delete any consumer but one of another service's durables is not denied, then the policy names that durable", () => {
    const objects = broken(pristine.dev, 'ConfigMap', 'nats-config', (c) => {
      c.data['auth.conf'] = c.data['auth.conf'].replace(
        ', "$JS.API.CONSUMER.DELETE.TICKETING.orders_payment_created"',
        '',
      );
    });

    expect(natsUsersPublishOnlyTheirOwn(objects)).toEqual([
      "NATS user catalog may publish $JS.API.CONSUMER.DELETE.TICKETING.orders_payment_created (another user's consumer)",
    ]);
  });

  it('when a service reaches NATS without a user, then the policy names it', () => {
    const objects = broken(pristine.dev, 'Deployment', 'orders', (d) => {
      container(d).env = container(d).env.filter((v: { name: string }) => v.name !== 'NATS_USER');
    });

    expect(natsUsersPublishOnlyTheirOwn(objects)).toEqual([
      'Deployment/orders reaches NATS without a user of its own in auth.conf',
    ]);
  });

  it("when a service's password is not the one the server checks, then the policy names it", () => {
    const objects = broken(pristine.dev, 'Deployment', 'payments', (d) => {
      const password = container(d).env.find((v: { name: string }) => v.name === 'NATS_PASSWORD');
      password.valueFrom.secretKeyRef.key = 'TICKETS_NATS_PASSWORD';
    });

    expect(natsUsersPublishOnlyTheirOwn(objects)).toEqual([
      "Deployment/payments: NATS_PASSWORD and the server's $PAYMENTS_NATS_PASSWORD are not the same Secret key",
    ]);
  });
});
