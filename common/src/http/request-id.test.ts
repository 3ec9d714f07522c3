import { Writable } from 'node:stream';
import express from 'express';
import pino from 'pino';
import request from 'supertest';
import { requestId } from './request-id';

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
        level: 30,
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
});
