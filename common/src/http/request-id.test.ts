import { Writable } from 'node:stream';
import express from 'express';
import pino from 'pino';
import request from 'supertest';
import { requestId, requestLogLevel, SLOW_REQUEST_MS } from './request-id';

function appLogging() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  const app = express();
  app.use(requestId(pino({ level: 'debug' }, sink)));
  app.get('/tickets', (_req, res) => void res.json([]));
  app.post('/tickets', (_req, res) => void res.status(201).json({}));
  app.get('/tickets/:id', (_req, res) => void res.status(404).json({ errors: [] }));
  app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
  return { app, lines };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('the request id', () => {
  it('when the gateway sent one, then the answer echoes it and the request line logs it', async () => {
    const { app, lines } = appLogging();
    const res = await request(app).get('/tickets').set('X-Request-Id', 'gw-3f2a9c');
    expect(res.headers['x-request-id']).toBe('gw-3f2a9c');
    expect(lines).toContainEqual(
      expect.objectContaining({
        msg: 'request',
        requestId: 'gw-3f2a9c',
        method: 'GET',
        path: '/tickets',
        status: 200,
      }),
    );
  });

  it('when none was sent, then a new one is made for the answer', async () => {
    const { app } = appLogging();
    const [first, second] = await Promise.all([
      request(app).get('/tickets'),
      request(app).get('/tickets'),
    ]);
    expect(first.headers['x-request-id']).toMatch(UUID);
    expect(second.headers['x-request-id']).not.toBe(first.headers['x-request-id']);
  });

  it.each([
    ['too long', 'a'.repeat(129)],
    ['with spaces and quotes', 'x" admin="true'],
  ])('when the one sent is %s, then it is replaced by a new one', async (_case, sent) => {
    const { app, lines } = appLogging();
    const res = await request(app).get('/tickets').set('X-Request-Id', sent);
    expect(res.headers['x-request-id']).toMatch(UUID);
    expect(JSON.stringify(lines)).not.toContain(sent);
  });

  it('when a probe asks, then its answer has an id but its line is only at debug level', async () => {
    const { app, lines } = appLogging();
    const res = await request(app).get('/healthz');
    expect(res.headers['x-request-id']).toMatch(UUID);
    expect(lines).toEqual([expect.objectContaining({ path: '/healthz', level: 20 })]);
  });

  it('when a read succeeds, then its line is at debug, and when a request fails or changes something, then at info', async () => {
    const { app, lines } = appLogging();
    await request(app).get('/tickets').set('X-Request-Id', 'read-ok');
    await request(app).get('/tickets/42').set('X-Request-Id', 'read-missing');
    await request(app).post('/tickets').set('X-Request-Id', 'write-ok');

    const levelOf = (id: string) => lines.find((line) => line.requestId === id)?.level;
    expect(levelOf('read-ok')).toBe(20);
    expect(levelOf('read-missing')).toBe(30);
    expect(levelOf('write-ok')).toBe(30);
  });

  it('when the log level is info, then a quick successful read writes no line at all', async () => {
    const lines: unknown[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const app = express();
    app.use(requestId(pino({ level: 'info' }, sink)));
    app.get('/tickets', (_req, res) => void res.json([]));

    const res = await request(app).get('/tickets');

    expect(res.headers['x-request-id']).toMatch(UUID);
    expect(lines).toEqual([]);
  });
});

describe('the level of a request line', () => {
  it.each([
    ['a quick successful read', 'debug', 'GET', '/api/tickets', 200, 3],
    ['a read slower than a second', 'info', 'GET', '/api/tickets', 200, SLOW_REQUEST_MS],
    ['a client error', 'info', 'GET', '/api/tickets/1', 404, 3],
    ['a server error', 'info', 'GET', '/api/tickets', 500, 3],
    ['a change', 'info', 'POST', '/api/orders', 201, 3],
    ['a deletion', 'info', 'DELETE', '/api/orders/1', 204, 3],
    ['a probe', 'debug', 'GET', '/readyz', 200, 3],
    ['a failing probe (readiness says so itself)', 'debug', 'GET', '/readyz', 503, 3],
  ] as const)(
    'when it is %s, then it is logged at %s',
    (_case, level, method, path, status, ms) => {
      expect(requestLogLevel({ method, path }, status, ms)).toBe(level);
    },
  );
});
