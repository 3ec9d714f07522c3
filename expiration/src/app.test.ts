import { InMemoryEventBus } from '@ticketing/common/testing';
import {
  startTestExpirationService,
  type TestExpirationService,
} from './test/expiration-test-service';

let service: TestExpirationService;
beforeAll(async () => {
  service = await startTestExpirationService({ bus: new InMemoryEventBus() });
});
afterAll(() => service.stop());

describe('the expiration HTTP endpoints', () => {
  it('when asked /healthz, then it answers 200', async () => {
    await service.http().get('/healthz').expect(200, { status: 'ok' });
  });

  it("when anything is answered, then it carries the services' security headers and no-store", async () => {
    const res = await service.http().get('/healthz');

    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBe(
      "default-src 'none';frame-ancestors 'none'",
    );
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('when Redis and the bus are connected, then /readyz answers 200 ready', async () => {
    const res = await service.http().get('/readyz');

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ready', checks: { redis: true, bus: true } });
  });

  it('when the bus is down, then /readyz answers 503 naming it', async () => {
    service.bus.failPublishes = true;
    try {
      const res = await service.http().get('/readyz');

      expect(res.status).toBe(503);
      expect(res.body).toEqual({ status: 'unavailable', checks: { redis: true, bus: false } });
    } finally {
      service.bus.failPublishes = false;
    }
  });

  it('when any other route is asked, then it answers 404 with the standard error body', async () => {
    const res = await service.http().post('/api/expirations');

    expect(res.status).toBe(404);
    expect(res.body).toEqual({ errors: [{ message: 'Route not found: POST /api/expirations' }] });
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});
