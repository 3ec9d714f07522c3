import express, { type Express, type RequestHandler } from 'express';

/** The yardstick's route: constant JSON, no I/O, so whatever runs around it is all the cost. */
export function constantRouteApp(...before: RequestHandler[]): Express {
  const app = express();
  if (before.length > 0) app.use(...before);
  app.get('/baseline', (_req, res) => {
    res.json({ id: 'baseline', title: 'constant', price: 10 });
  });
  return app;
}

/** Tells the benchmark, which started this process, the port it listens on. */
export const reportPort = (port: number) => process.send?.(port);
