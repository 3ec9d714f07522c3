import express from 'express';
import request from 'supertest';
import { Writable } from 'node:stream';
import pino from 'pino';
import { BadRequestError, ForbiddenError, NotFoundError } from '../errors/app-error';
import { errorHandler } from './error-handler';

function appThrowing(error: unknown) {
  const lines: string[] = [];
  const logger = pino(
    { level: 'info' },
    new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    }),
  );
  const app = express();
  app.use(express.json());
  app.post('/boom', () => {
    throw error;
  });
  app.use(errorHandler(logger));
  return { app, lines };
}

describe('the central error handler', () => {
  it.each([
    [
      new BadRequestError('Title is required', 'title'),
      400,
      [{ message: 'Title is required', field: 'title' }],
    ],
    [new ForbiddenError(), 403, [{ message: 'Forbidden' }]],
    [new NotFoundError('Ticket not found'), 404, [{ message: 'Ticket not found' }]],
  ])(
    'when an expected error is thrown, then it answers its status and the standard body',
    async (error, status, errors) => {
      const res = await request(appThrowing(error).app).post('/boom');

      expect(res.status).toBe(status);
      expect(res.body).toEqual({ errors });
    },
  );

  it('when an unexpected error is thrown, then it answers 500 with a generic message and logs the stack', async () => {
    const { app, lines } = appThrowing(new Error('connection string mongodb://secret@db leaked?'));

    const res = await request(app).post('/boom');

    expect(res.status).toBe(500);
    expect(res.body).toEqual({ errors: [{ message: 'Something went wrong' }] });
    expect(JSON.stringify(res.body)).not.toContain('secret');
    expect(lines.join('')).toContain('at ');
  });

  it('when something that is not an Error is thrown, then it still answers 500', async () => {
    const res = await request(appThrowing('a string').app).post('/boom');

    expect(res.status).toBe(500);
  });

  it.each([
    [
      'status',
      Object.assign(new Error('internal detail'), { status: 413 }),
      413,
      'Payload Too Large',
    ],
    [
      'statusCode',
      Object.assign(new Error('internal detail'), { statusCode: 415 }),
      415,
      'Unsupported Media Type',
    ],
    [
      'status and expose',
      Object.assign(new Error('Too many parameters'), { status: 413, expose: true }),
      413,
      'Too many parameters',
    ],
  ])(
    'when an error carries a 4xx %s, then it answers that status with the standard body',
    async (_how, error, status, message) => {
      const { app, lines } = appThrowing(error);

      const res = await request(app).post('/boom');

      expect(res.status).toBe(status);
      expect(res.body).toEqual({ errors: [{ message }] });
      expect(lines).toEqual([]);
    },
  );

  it('when an error carries a 5xx status, then it is still an unexpected 500', async () => {
    const res = await request(
      appThrowing(Object.assign(new Error('upstream'), { status: 503 })).app,
    ).post('/boom');

    expect(res.status).toBe(500);
  });

  it('when the JSON body is malformed, then it answers 400 Malformed JSON body', async () => {
    const res = await request(appThrowing(new Error('unreached')).app)
      .post('/boom')
      .set('Content-Type', 'application/json')
      .send('{"a":');

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [{ message: 'Malformed JSON body' }] });
  });
});
