import { startStripeMock } from './stripe-mock';

describe('startStripeMock', () => {
  it('when started, then answers GET /v1/customers with 200', async () => {
    const server = await startStripeMock();
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await fetch(`${server.url}/v1/customers`, {
        headers: { Authorization: 'Bearer sk_test_123' },
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ object: 'list' });
    } finally {
      await server.stop();
    }
  });
});
