import express, { Router } from 'express';
import pino from 'pino';
import request from 'supertest';
import { errorHandler } from './error-handler';
import { rejectCrossSiteRequests, securityHeaders } from './hardening';
import { routeNotFound } from './middlewares';

/** A service's app in miniature: the hardening in createServiceApp's order around a few routes. */
function serviceApp() {
  const routes = Router();
  routes.get('/api/things/:id', (req, res) => {
    res.json({ id: req.params.id });
  });
  routes.post('/api/things', (_req, res) => {
    res.status(201).json({ created: true });
  });
  routes.post('/api/things/webhook', (_req, res) => {
    res.json({ received: true });
  });
  const app = express();
  app.set('trust proxy', 'loopback');
  app.use(securityHeaders);
  app.use(rejectCrossSiteRequests);
  app.use(routes);
  app.use(routeNotFound);
  app.use(errorHandler(pino({ level: 'silent' })));
  return app;
}

describe('the service app: bad input', () => {
  it.each(['/api/things/%E0%A4%A', '/api/things/%'])(
    'when a path has malformed percent-encoding (%s), then it answers 400 with the standard body',
    async (path) => {
      const res = await request(serviceApp()).get(path);

      expect(res.status).toBe(400);
      expect(res.body).toEqual({ errors: [{ message: expect.any(String) }] });
    },
  );
});

describe('the service app: security headers', () => {
  it('when any answer is sent, then it carries nosniff, a deny-all CSP and no-store', async () => {
    const res = await request(serviceApp()).get('/api/things/1');

    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBe(
      "default-src 'none';frame-ancestors 'none'",
    );
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('when an error is answered, then it carries the same headers', async () => {
    const res = await request(serviceApp()).get('/nowhere');

    expect(res.status).toBe(404);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('no-store');
  });
});

describe('the service app: cross-site requests', () => {
  it.each([
    ['Sec-Fetch-Site: cross-site', { 'Sec-Fetch-Site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site', { 'Sec-Fetch-Site': 'same-site' }],
    ['an Origin of another site', { Origin: 'https://evil.example' }],
    ['an Origin of another port', { Origin: 'http://shop.test:8081' }],
    ['Origin: null', { Origin: 'null' }],
  ])('when a POST comes with %s, then it answers 403 and runs nothing', async (_what, headers) => {
    const res = await request(serviceApp())
      .post('/api/things')
      .set('Host', 'shop.test:8080')
      .set(headers);

    expect(res.status).toBe(403);
    expect(res.body).toEqual({ errors: [{ message: 'Cross-site request refused' }] });
  });

  it.each([
    [
      'Sec-Fetch-Site: same-origin',
      { 'Sec-Fetch-Site': 'same-origin', Origin: 'http://shop.test:8080' },
    ],
    ['Sec-Fetch-Site: none (typed by the user)', { 'Sec-Fetch-Site': 'none' }],
    ['its own Origin and no fetch metadata', { Origin: 'http://shop.test:8080' }],
    ['neither (a server-to-server call)', {}],
  ])('when a POST comes with %s, then it is served', async (_what, headers) => {
    const res = await request(serviceApp())
      .post('/api/things')
      .set('Host', 'shop.test:8080')
      .set(headers);

    expect(res.status).toBe(201);
  });

  it('when the gateway forwards the public host, then a POST from that origin is served', async () => {
    const res = await request(serviceApp())
      .post('/api/things')
      .set('Host', 'tickets:3000')
      .set('X-Forwarded-Host', 'shop.test')
      .set('Origin', 'https://shop.test');

    expect(res.status).toBe(201);
  });

  it('when a cross-site GET arrives, then it is served (reads change nothing)', async () => {
    const res = await request(serviceApp())
      .get('/api/things/1')
      .set('Sec-Fetch-Site', 'cross-site')
      .set('Origin', 'https://evil.example');

    expect(res.status).toBe(200);
  });

  it('when a cross-site POST targets a webhook, then it is refused too', async () => {
    const res = await request(serviceApp())
      .post('/api/things/webhook')
      .set('Sec-Fetch-Site', 'cross-site');

    expect(res.status).toBe(403);
  });

  it('when a webhook is posted server to server (no Origin), then it is served', async () => {
    const res = await request(serviceApp()).post('/api/things/webhook').send('{}');

    expect(res.status).toBe(200);
  });
});
