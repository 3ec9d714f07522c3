import express from 'express';

// The yardstick: a bare Express route answering constant JSON, in a process of its own like a service.
const app = express();
app.get('/baseline', (_req, res) => {
  res.json({ id: 'baseline', title: 'constant', price: 10 });
});
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${typeof address === 'object' && address ? address.port : ''}\n`);
});
// Nothing to drain: a constant answer. (server.close() would wait for idle keep-alive sockets.)
process.on('SIGTERM', () => process.exit(0));
