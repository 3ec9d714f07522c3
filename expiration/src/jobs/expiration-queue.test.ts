import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Queue from 'bull';
import { Subjects, type EventEnvelope } from '@ticketing/common';
import { InMemoryEventBus, startRedis, waitFor } from '@ticketing/common/testing';
import {
  expiredAt,
  expirationsOf,
  MAX_LATENESS_MS,
  orderCreated,
  startTestExpirationService,
  uniqueQueueName,
} from '../test/expiration-test-service';

/** Counts publish attempts, failed ones included. */
class CountingBus extends InMemoryEventBus {
  attempts = 0;

  override async publish(envelope: EventEnvelope): Promise<void> {
    this.attempts += 1;
    await super.publish(envelope);
  }
}

describe('the expiration jobs', () => {
  it('when the service restarts while an expiration is pending, then the new instance fires it on time', async () => {
    const queue = uniqueQueueName();
    const first = await startTestExpirationService({ env: { EXPIRATION_QUEUE: queue } });
    const order = orderCreated(1_500);
    await first.bus.deliver(Subjects.OrderCreated, order);
    await first.stop();

    const second = await startTestExpirationService({ env: { EXPIRATION_QUEUE: queue } });
    try {
      const publishedAt = await waitFor(() => expiredAt(second.bus, order.id));
      const lateness = publishedAt - Date.parse(order.expiresAt);
      expect(lateness).toBeGreaterThanOrEqual(0);
      expect(lateness).toBeLessThan(MAX_LATENESS_MS);
      expect(expirationsOf(first.bus, order.id)).toEqual([]);
    } finally {
      await second.stop();
    }
  });

  it('when an expiration fell due while no instance ran, then it fires as soon as one starts', async () => {
    const queue = uniqueQueueName();
    const first = await startTestExpirationService({ env: { EXPIRATION_QUEUE: queue } });
    const order = orderCreated(300);
    await first.bus.deliver(Subjects.OrderCreated, order);
    await first.stop();
    await waitFor(() => Date.now() > Date.parse(order.expiresAt) + 200, { what: 'the due time' });

    const startedAt = Date.now();
    const second = await startTestExpirationService({ env: { EXPIRATION_QUEUE: queue } });
    try {
      const publishedAt = await waitFor(() => expiredAt(second.bus, order.id));
      expect(publishedAt - startedAt).toBeLessThan(MAX_LATENESS_MS);
    } finally {
      await second.stop();
    }
  });

  it('when Redis restarts with its append-only file while an expiration is pending, then it still fires', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'expiration-redis-'));
    let redis = await startRedis({ dir, appendOnly: true });
    const port = Number(new URL(redis.url).port);
    const service = await startTestExpirationService({ env: { REDIS_URL: redis.url } });
    try {
      const order = orderCreated(2_000);
      await service.bus.deliver(Subjects.OrderCreated, order);

      await redis.stop();
      redis = await startRedis({ port, dir, appendOnly: true });

      await waitFor(() => expiredAt(service.bus, order.id), { what: 'the expiration' });
      const afterRestart = orderCreated(100);
      await service.bus.deliver(Subjects.OrderCreated, afterRestart);
      await waitFor(() => expiredAt(service.bus, afterRestart.id), { what: 'a new expiration' });
    } finally {
      await service.stop();
      await redis.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('when publishing fails, then the job is retried until the event is published, once', async () => {
    const bus = new CountingBus();
    bus.failPublishes = true;
    const service = await startTestExpirationService({ bus });
    try {
      const order = orderCreated(0);
      await bus.deliver(Subjects.OrderCreated, order);
      await waitFor(() => bus.attempts >= 3, { what: 'failed attempts' });

      bus.failPublishes = false;

      await waitFor(() => expiredAt(bus, order.id), { what: 'the expiration' });
      expect(expirationsOf(bus, order.id)).toHaveLength(1);
    } finally {
      await service.stop();
    }
  });

  it('when every attempt fails, then the job is kept in the failed set for an operator', async () => {
    const bus = new CountingBus();
    bus.failPublishes = true;
    const service = await startTestExpirationService({
      bus,
      env: { EXPIRATION_PUBLISH_ATTEMPTS: '2' },
    });
    try {
      const order = orderCreated(0);
      await bus.deliver(Subjects.OrderCreated, order);

      // Read again once failed: a job read before its last attempt ended is a snapshot of it.
      const job = await waitFor(async () => {
        const candidate = await service.jobOf(order.id);
        return candidate && (await candidate.isFailed()) ? service.jobOf(order.id) : undefined;
      });
      expect(job!.attemptsMade).toBe(2);
      expect(bus.attempts).toBe(2);
    } finally {
      await service.stop();
    }
  });

  it('when a job has lost its data (no order id), then it ends without publishing anything', async () => {
    const bus = new CountingBus();
    const service = await startTestExpirationService({ bus });
    const queue = new Queue(service.config.EXPIRATION_QUEUE, service.config.REDIS_URL);
    try {
      const emptied = await queue.add({}, { jobId: `emptied-${Date.now()}` });

      await waitFor(async () => (await queue.getJob(emptied.id))?.isCompleted(), {
        what: 'the job to end',
      });
      expect(bus.attempts).toBe(0);
    } finally {
      await queue.close();
      await service.stop();
    }
  });
});

describe('the expiration metrics', () => {
  it('when jobs are pending and one has failed for good, then /metrics reports ticketing_expiration_jobs by state', async () => {
    const bus = new CountingBus();
    bus.failPublishes = true;
    const service = await startTestExpirationService({
      bus,
      env: { EXPIRATION_PUBLISH_ATTEMPTS: '1' },
    });
    try {
      const due = orderCreated(0);
      await bus.deliver(Subjects.OrderCreated, orderCreated(60_000));
      await bus.deliver(Subjects.OrderCreated, orderCreated(60_000));
      await bus.deliver(Subjects.OrderCreated, due);
      await waitFor(async () => (await service.jobOf(due.id))?.isFailed());

      const scrape = await service.http().get('/metrics').expect(200);

      const jobs = (state: string) =>
        new RegExp(
          `^ticketing_expiration_jobs\\{state="${state}",service="expiration"\\} (\\d+)$`,
          'm',
        ).exec(scrape.text)?.[1];
      expect(['delayed', 'waiting', 'active', 'failed'].map(jobs)).toEqual(['2', '0', '0', '1']);
    } finally {
      await service.stop();
    }
  });
});
