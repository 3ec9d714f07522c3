import { startTestPaymentsService, type TestPaymentsService } from './test/payments-test-service';

let service: TestPaymentsService;
beforeAll(async () => {
  service = await startTestPaymentsService();
});
afterAll(() => service.stop());

describe('the payments HTTP service', () => {
  it('when asked /healthz, then it answers 200', async () => {
    await service.http().get('/healthz').expect(200, { status: 'ok' });
  });

  it('when the database is connected, then /readyz answers 200 ready', async () => {
    const res = await service.http().get('/readyz');

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ready', checks: { mongo: true } });
  });

  it('when the bus is down, then /readyz still answers ready: payments are recorded and their events wait in the outbox', async () => {
    service.bus.failPublishes = true;
    try {
      const res = await service.http().get('/readyz');

      expect(service.bus.isConnected()).toBe(false);
      expect(res.status).toBe(200);
    } finally {
      service.bus.failPublishes = false;
    }
  });

  it('when the route does not exist, then it answers 404 with the standard error body', async () => {
    const res = await service.http().get('/api/payments/nope');

    expect(res.status).toBe(404);
    expect(res.body).toEqual({ errors: [{ message: 'Route not found: GET /api/payments/nope' }] });
  });

  it('when no webhook secret is configured, then the webhook route is not served', async () => {
    const withoutWebhook = await startTestPaymentsService({ STRIPE_WEBHOOK_SECRET: undefined });
    try {
      const res = await withoutWebhook.http().post('/api/payments/webhook').send('{}');

      expect(res.status).toBe(404);
    } finally {
      await withoutWebhook.stop();
    }
  });
});
