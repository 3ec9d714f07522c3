import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '@ticketing/local-servers';
import { startPlatform, type Platform, type PlatformOptions } from '../start-platform';
import { Shopper, signedUp } from './support/shopper';

// The servers `npm start` runs for the services: supervised like the services, and kept on request.
const quiet = (lines: string[]): PlatformOptions => ({
  env: { LOG_LEVEL: 'warn', AUTH_RATE_LIMIT_MAX: '100000', EVENT_ACK_WAIT_MS: '3000' },
  log: (line) => lines.push(line),
});

// Each platform runs its own FerretDB on PostgreSQL, as `npm start` does without MONGO_URL.
const sharedMongo = process.env.MONGO_URL;
beforeAll(() => {
  delete process.env.MONGO_URL;
});
afterAll(() => {
  process.env.MONGO_URL = sharedMongo;
});

describe('servers the runner started', () => {
  let platform: Platform;
  const lines: string[] = [];
  beforeAll(async () => {
    platform = await startPlatform({ ...quiet(lines), port: 0 });
  }, 120_000);
  afterAll(() => platform?.stop());

  it.each(['nats-server', 'postgres', 'ferretdb', 'redis-server'])(
    'when %s is killed, then the runner reports it with its last lines and restarts it, and a ticket can still be bought',
    async (server) => {
      await platform.kill(server, 'SIGKILL');
      await platform.waitReady(server);

      const output = lines.join('\n');
      expect(output).toContain(`runner     | ${server} was killed by SIGKILL; last output:`);
      expect(output).toContain(`runner     | restarting ${server}`);
      const [seller, buyer] = await signedUp(platform.url, 2);
      const ticket = await seller!.sellTicket();
      const { order } = await buyer!.orderWhenAvailable(ticket.id);
      expect(order).toMatchObject({ status: 'created', ticket: { id: ticket.id } });
    },
  );
});

describe('DATA_DIR', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'ticketing-data-dir-test-'));
    // As root, PostgreSQL runs as the postgres user, which must reach its cluster below this directory.
    await chmod(dataDir, 0o755);
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('when the platform is stopped and started again on the same DATA_DIR, then the same session cookie signs in and sees the ticket', async () => {
    const port = await freePort();
    const lines: string[] = [];
    const options = quiet(lines);
    const withDataDir = { ...options, port, env: { ...options.env, DATA_DIR: dataDir } };

    const first = await startPlatform(withDataDir);
    const seller = await new Shopper(first.url).signUp();
    const ticket = await seller.sellTicket('Kept across restarts', 12);
    await first.stop();

    const second = await startPlatform(withDataDir);
    try {
      expect(lines).toContain(
        `runner     | keeping the servers' data and the session keys in ${dataDir}`,
      );
      const me = await seller.call('GET', '/api/users/currentuser');
      expect(me.body.currentUser).toMatchObject({ id: seller.id, email: seller.email });
      const shown = await seller.call('GET', `/api/tickets/${ticket.id}`);
      expect(shown).toMatchObject({ status: 200, body: { title: 'Kept across restarts' } });
    } finally {
      await second.stop();
    }
  }, 240_000);
});
