import { Subjects } from '@ticketing/common';
import { waitFor } from '@ticketing/common/testing';
import {
  expiredAt,
  expirationsOf,
  MAX_LATENESS_MS,
  orderCreated,
  startTestExpirationService,
  type TestExpirationService,
} from '../../test/expiration-test-service';

let service: TestExpirationService;
beforeAll(async () => {
  service = await startTestExpirationService();
});
afterAll(() => service.stop());

describe('order.created', () => {
  it('when an order is created, then expiration.complete is published at its expiresAt, not before', async () => {
    const order = orderCreated(1_500);

    const outcome = await service.bus.deliver(Subjects.OrderCreated, order);

    expect(outcome).toEqual({ action: 'ack' });
    const publishedAt = await waitFor(() => expiredAt(service.bus, order.id), {
      what: 'the expiration',
    });
    const lateness = publishedAt - Date.parse(order.expiresAt);
    expect(lateness).toBeGreaterThanOrEqual(0);
    expect(lateness).toBeLessThan(MAX_LATENESS_MS);
    expect(expirationsOf(service.bus, order.id)).toEqual([{ orderId: order.id }]);
  });

  it('when the order has expired already, then expiration.complete is published at once', async () => {
    const order = orderCreated(-60_000);
    const deliveredAt = Date.now();

    await service.bus.deliver(Subjects.OrderCreated, order);

    const publishedAt = await waitFor(() => expiredAt(service.bus, order.id));
    expect(publishedAt - deliveredAt).toBeLessThan(MAX_LATENESS_MS);
  });

  it('when order.created is delivered twice, then one job is scheduled and the order expires once', async () => {
    const order = orderCreated(800);
    // Expires after the duplicate's would have: once it is out, a second expiration would be too.
    const marker = orderCreated(1_200);

    await service.bus.deliver(Subjects.OrderCreated, order);
    const job = await service.jobOf(order.id);
    await service.bus.deliver(Subjects.OrderCreated, order, { deliveryCount: 2 });
    await service.bus.deliver(Subjects.OrderCreated, marker);

    expect((await service.jobOf(order.id))?.timestamp).toBe(job?.timestamp);
    await waitFor(() => expiredAt(service.bus, marker.id), { what: 'the marker expiration' });
    expect(expirationsOf(service.bus, order.id)).toHaveLength(1);
  });

  it('when the job has run, then it is removed from Redis', async () => {
    const order = orderCreated(0);

    await service.bus.deliver(Subjects.OrderCreated, order);

    await waitFor(() => expiredAt(service.bus, order.id));
    await waitFor(async () => (await service.jobOf(order.id)) === null, { what: 'the removal' });
  });
});
