import { request } from 'node:http';
import express from 'express';
import { listen, type HttpServer } from '@ticketing/common';
import { startGateway } from './gateway';
import { SERVICES } from './services';

/** A stand-in upstream that answers with its own name, the path it received and the forwarded headers. */
async function echoServer(name: string): Promise<HttpServer> {
  const app = express();
  app.use((req, res) => {
    res.json({
      name,
      path: req.originalUrl,
      forwardedFor: req.headers['x-forwarded-for'] ?? null,
      forwardedProto: req.headers['x-forwarded-proto'] ?? null,
      forwarded: req.headers.forwarded ?? null,
      requestId: req.headers['x-request-id'] ?? null,
    });
  });
  return listen(app, 0, '127.0.0.1');
}

describe('the local gateway', () => {
  const upstreams: HttpServer[] = [];
  let gateway: HttpServer;
  let base: string;

  beforeAll(async () => {
    const routes = [];
    for (const service of SERVICES.filter((s) => s.routePrefix)) {
      const upstream = await echoServer(service.name);
      upstreams.push(upstream);
      routes.push({
        prefix: service.routePrefix!,
        name: service.name,
        target: `http://127.0.0.1:${upstream.port}`,
      });
    }
    const client = await echoServer('client');
    upstreams.push(client);
    routes.push({ prefix: '/api/dead', name: 'dead', target: 'http://127.0.0.1:1' });
    gateway = await startGateway(
      routes,
      { name: 'client', target: `http://127.0.0.1:${client.port}` },
      0,
    );
    base = `http://127.0.0.1:${gateway.port}`;
  });
  afterAll(async () => {
    // The early-answer test leaves connections mid-body, which would hold close() for 65 s.
    for (const server of [gateway, ...upstreams]) server.server.closeAllConnections();
    await gateway.close();
    await Promise.all(upstreams.map((u) => u.close()));
  });

  it.each([
    ['/api/users/currentuser', 'auth'],
    ['/api/tickets', 'tickets'],
    ['/api/tickets/abc?x=1', 'tickets'],
    ['/api/orders/123', 'orders'],
    ['/api/payments/webhook', 'payments'],
    ['/', 'client'],
    ['/tickets/new', 'client'],
    ['/api/ticketsy', 'client'],
  ])('when %s is requested, then %s answers it with the path unchanged', async (path, name) => {
    const res = await fetch(`${base}${path}`);

    expect(await res.json()).toMatchObject({ name, path });
  });

  it('when a request is proxied, then the service is told the client address', async () => {
    const res = await fetch(`${base}/api/users/currentuser`);

    expect(((await res.json()) as { forwardedFor: string }).forwardedFor).toMatch(/127\.0\.0\.1/);
  });

  it("when a client sends its own forwarding headers, then the service is told the connection's address instead", async () => {
    const res = await fetch(`${base}/api/users/signin`, {
      headers: {
        'X-Forwarded-For': '198.51.100.23, 10.0.0.1',
        'X-Forwarded-Proto': 'https',
        Forwarded: 'for=198.51.100.23',
      },
    });

    expect(await res.json()).toMatchObject({
      forwardedFor: expect.stringMatching(/^(::ffff:)?127\.0\.0\.1$/),
      forwardedProto: 'http',
      forwarded: null,
    });
  });

  it("when a client asks to close its connection and the service answers before reading the body, then the client gets the service's answer", async () => {
    // Connection is hop-by-hop: forwarded, it made the service close the gateway's socket while the
    // gateway was still sending the body, and the client got a 502 instead of the answer.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${base}/api/tickets`, {
        method: 'POST',
        headers: { Connection: 'close', 'Content-Type': 'application/json' },
      });
      // Done once answered: the rest of the body is not needed (and would hold the sockets open).
      req.on('response', (res) => {
        resolve(res.statusCode!);
        req.destroy();
      });
      req.on('error', reject);
      req.end(`{"title":"${'x'.repeat(4 * 1024 * 1024)}"}`);
    });

    expect(status).toBe(200);
  });

  it.each(['/', '/api/tickets'])(
    'when TRACE %s is asked, then the gateway answers 405 with the standard error body',
    async (path) => {
      const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(`${base}${path}`, { method: 'TRACE' });
        req.on('response', (answer) => {
          let body = '';
          answer.on('data', (chunk: Buffer) => (body += chunk));
          answer.on('end', () => resolve({ status: answer.statusCode!, body }));
        });
        req.on('error', reject);
        req.end();
      });

      expect(res.status).toBe(405);
      expect(JSON.parse(res.body)).toEqual({
        errors: [{ message: 'Method TRACE is not allowed' }],
      });
    },
  );

  it("when a request is proxied, then the gateway gives it a new request id, replacing a client's, and the answer carries it", async () => {
    const [plain, claimed] = await Promise.all([
      fetch(`${base}/api/orders`),
      fetch(`${base}/api/orders`, { headers: { 'X-Request-Id': 'chosen-by-client' } }),
    ]);

    for (const res of [plain, claimed]) {
      const { requestId } = (await res.json()) as { requestId: string };
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.headers.get('x-request-id')).toBe(requestId);
    }
  });

  it('when the service behind a route is down, then it answers 502 with the standard error body', async () => {
    const res = await fetch(`${base}/api/dead/thing`);

    expect(res.status).toBe(502);
    expect(await res.json()).toEqual({ errors: [{ message: 'The dead service is unavailable' }] });
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
