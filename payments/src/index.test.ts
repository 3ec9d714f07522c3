import path from 'node:path';
import { createEnvelope, Subjects, type EventBus } from '@ticketing/common';
import {
  connectTestBus,
  dropDatabase,
  EventRecorder,
  runEntryPoint,
  sessionCookieFor,
  TEST_SESSION_KEYS,
  testUser,
  uniqueDatabaseUri,
  waitFor,
} from '@ticketing/common/testing';
import request from 'supertest';
import { orderCreatedData } from './test/payments-test-service';

// The compiled entry point, exactly as the container runs it (`npm test` builds first).
const entryPoint = path.resolve(__dirname, '../dist/index.js');

const required = { MONGO_URI: 'mongodb://127.0.0.1:1/x', NATS_URL: 'nats://127.0.0.1:1' };

describe('the payments process', () => {
  it('when a required variable is missing, then it exits 1 with one line naming it', async () => {
    const run = runEntryPoint(entryPoint, required);

    expect(await run.exited).toBe(1);
    expect(run.output().stderr).toBe('Invalid configuration: SESSION_PUBLIC_KEYS is required\n');
  });

  it('when the test provider is configured in production, then it refuses to start', async () => {
    const run = runEntryPoint(entryPoint, {
      ...required,
      ...TEST_SESSION_KEYS,
      NODE_ENV: 'production',
      PAYMENTS_PROVIDER: 'test',
    });

    expect(await run.exited).toBe(1);
    expect(run.output().stderr).toBe(
      'Invalid configuration: PAYMENTS_PROVIDER is invalid (the test provider cannot run in production)\n',
    );
  });

  describe('over a real NATS server', () => {
    let bus: EventBus;
    beforeAll(async () => {
      bus = await connectTestBus(process.env.NATS_URL!);
    });
    afterAll(() => bus.close());

    it('when an order created on the bus is paid, then payment.created reaches the bus through the outbox, and it stops gracefully on SIGTERM', async () => {
      const watcher = new EventRecorder(Subjects.PaymentCreated);
      await bus.listen(watcher);
      const mongoUri = uniqueDatabaseUri('payments');
      const run = runEntryPoint(entryPoint, {
        PORT: '0',
        LOG_LEVEL: 'info',
        MONGO_URI: mongoUri,
        NATS_URL: process.env.NATS_URL!,
        ...TEST_SESSION_KEYS,
        NODE_ENV: 'test',
        PAYMENTS_PROVIDER: 'test',
      });
      try {
        const port = await run.listening();
        const user = testUser();
        const order = orderCreatedData(user);
        await bus.publish(createEnvelope(Subjects.OrderCreated, order));

        const pay = () =>
          request(`http://127.0.0.1:${port}`)
            .post('/api/payments')
            .set('X-Forwarded-Proto', 'https')
            .set('Cookie', sessionCookieFor(user))
            .send({ orderId: order.id, token: 'tok_visa' });
        // 404 until the order.created from NATS has been applied.
        const paid = await waitFor(async () => {
          const res = await pay();
          return res.status !== 404 && res;
        });

        expect(paid.status).toBe(201);
        const [published] = await waitFor(() => {
          const mine = watcher.received.filter((p) => p.orderId === order.id);
          return mine.length > 0 && mine;
        });
        expect(published).toEqual({
          id: paid.body.id,
          orderId: order.id,
          stripeId: expect.any(String),
          paidAt: expect.any(String),
          amount: Math.round(order.ticket.price * 100),
          currency: 'usd',
          cardBrand: 'visa',
          cardLast4: '4242',
        });
      } finally {
        run.child.kill('SIGTERM');
      }
      expect(await run.exited).toBe(0);
      expect(run.output().stdout).toContain('"msg":"stopped"');
      await dropDatabase(mongoUri);
    });
  });
});
