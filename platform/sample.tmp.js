const autocannon = require('autocannon');
const base = 'http://127.0.0.1:18080';
(async () => {
  const email = `bench${Date.now()}@example.com`;
  const r = await fetch(base + '/api/users/signup', { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' }, body: JSON.stringify({ email, password: 'password123' }) });
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const t = await (await fetch(base + '/api/tickets', { method: 'POST', headers: { 'content-type': 'application/json', cookie, 'x-forwarded-proto': 'https' }, body: JSON.stringify({ title: 'x', price: 10 }) })).json();
  console.log('ticket', t.id);
  const res = await autocannon({ url: base + '/api/tickets/' + t.id, connections: 50, duration: Number(process.argv[2] ?? 10) });
  console.log(Math.round(res.requests.average), 'req/s p50', res.latency.p50, 'p99', res.latency.p99, 'non2xx', res.non2xx);
})();
