import type { Express } from 'express';
import { constantRouteApp, reportPort } from './constant-route';
import { ticketRouteApp } from './ticket-route';

// The yardstick: a bare Express route answering constant JSON (or, with BENCH_MONGO_URI, reading a
// ticket from MongoDB), in a process of its own like a service.
async function serve(app: Express) {
  const server = app.listen(0, '127.0.0.1', () => {
    const address = server.address();
    if (typeof address === 'object' && address) reportPort(address.port);
  });
}
const mongoUri = process.env.BENCH_MONGO_URI;
void (mongoUri ? ticketRouteApp(mongoUri) : Promise.resolve(constantRouteApp())).then(serve);
// Nothing to drain: a constant answer. (server.close() would wait for idle keep-alive sockets.)
process.on('SIGTERM', () => process.exit(0));
