import { Subjects } from '@ticketing/common';
import { waitFor } from '@ticketing/common/testing';
import {
  expiredAt,
  expirationsOf,
  orderCreated,
  startTestExpirationService,
  type TestExpirationService,
} from '../../test/expiration-test-service';

let service: TestExpirationService;
beforeAll(async () => {
  service = await startTestExpirationService();
});
afterAll(() => service.stop());

describe.each([Subjects.OrderCancelled, Subjects.OrderCompleted])('%s', (subject) => {
  it('when the order has a pending expiration, then the job is removed and the order never expires', async () => {
    const order = orderCreated(600);
    const marker = orderCreated(900);
    await service.bus.deliver(Subjects.OrderCreated, order);
    await service.bus.deliver(Subjects.OrderCreated, marker);

    const outcome = await service.bus.deliver(subject, {
      id: order.id,
      version: 1,
      ticket: { id: order.ticket.id },
    });

    expect(outcome).toEqual({ action: 'ack' });
    expect(await service.jobOf(order.id)).toBeNull();
    await waitFor(() => expiredAt(service.bus, marker.id), { what: 'the marker expiration' });
    expect(expirationsOf(service.bus, order.id)).toEqual([]);
  });

  it('when the order has no pending expiration (unknown, or expired already), then it is acknowledged', async () => {
    const expired = orderCreated(0);
    await service.bus.deliver(Subjects.OrderCreated, expired);
    await waitFor(() => expiredAt(service.bus, expired.id));

    for (const id of [expired.id, orderCreated(0).id]) {
      const outcome = await service.bus.deliver(subject, { id, version: 1, ticket: { id: 't' } });
      expect(outcome).toEqual({ action: 'ack' });
    }
  });
});
