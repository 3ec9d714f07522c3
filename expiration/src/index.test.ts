import path from 'node:path';
import { createEnvelope, Subjects, type EventBus } from '@ticketing/common';
import { connectTestBus, EventRecorder, runEntryPoint, waitFor } from '@ticketing/common/testing';
import { orderCreated, uniqueQueueName } from './test/expiration-test-service';

// The compiled entry point, exactly as the container runs it (`npm test` builds first).
const entryPoint = path.resolve(__dirname, '../dist/index.js');

describe('the expiration process', () => {
  it('when a required variable is missing, then it exits 1 with one line naming it', async () => {
    const run = runEntryPoint(entryPoint, { NATS_URL: 'nats://127.0.0.1:1' });

    expect(await run.exited).toBe(1);
    expect(run.output().stderr).toBe('Invalid configuration: REDIS_URL is required\n');
  });

  it('when Redis cannot be reached at start, then it exits 1 and says why', async () => {
    const run = runEntryPoint(entryPoint, {
      PORT: '0',
      REDIS_URL: 'redis://127.0.0.1:1',
      REDIS_CONNECT_TIMEOUT_MS: '300',
      NATS_URL: process.env.NATS_URL!,
    });

    expect(await run.exited).toBe(1);
    expect(run.output().stdout).toContain('failed to start');
  });

  describe('over a real NATS server', () => {
    let bus: EventBus;
    beforeAll(async () => {
      bus = await connectTestBus(process.env.NATS_URL!);
    });
    afterAll(() => bus.close());

    it('when order.created is published, then it publishes expiration.complete at expiresAt, and stops gracefully on SIGTERM', async () => {
      const watcher = new EventRecorder(Subjects.ExpirationComplete);
      await bus.listen(watcher);
      const run = runEntryPoint(entryPoint, {
        PORT: '0',
        LOG_LEVEL: 'info',
        REDIS_URL: process.env.REDIS_URL!,
        NATS_URL: process.env.NATS_URL!,
        EXPIRATION_QUEUE: uniqueQueueName(),
      });
      try {
        await run.listening();
        const order = orderCreated(1_000);

        await bus.publish(createEnvelope(Subjects.OrderCreated, order));

        await waitFor(() => watcher.received.some((d) => d.orderId === order.id), {
          what: 'expiration.complete on NATS',
        });
        expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(order.expiresAt));
      } finally {
        run.child.kill('SIGTERM');
      }
      expect(await run.exited).toBe(0);
      expect(run.output().stdout).toContain('"msg":"stopped"');
    });
  });
});
