import { constantRouteApp, reportPort } from './constant-route';

// The yardstick: a bare Express route answering constant JSON, in a process of its own like a service.
const server = constantRouteApp().listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (typeof address === 'object' && address) reportPort(address.port);
});
// Nothing to drain: a constant answer. (server.close() would wait for idle keep-alive sockets.)
process.on('SIGTERM', () => process.exit(0));
