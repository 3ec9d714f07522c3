import { findPostgres, startPostgres } from './postgres';

describe('the private PostgreSQL cluster', () => {
  it('when it is stopped, then it is asked for a fast shutdown (a smart one would wait for every client and end in SIGKILL), and it starts again on its data', async () => {
    const binaries = await findPostgres();
    if (binaries === undefined)
      throw new Error('PostgreSQL is required: apt-get install postgresql');
    const lines: string[] = [];
    const server = await startPostgres(binaries, { hooks: { onLine: (line) => lines.push(line) } });
    try {
      const [postgres] = server.processes;

      await postgres!.halt();
      await postgres!.start();

      expect(lines.some((line) => /received fast shutdown request/.test(line))).toBe(true);
      expect(lines.some((line) => /received smart shutdown request/.test(line))).toBe(false);
      expect(lines.filter((line) => /ready to accept connections/.test(line))).toHaveLength(2);
    } finally {
      await server.stop();
    }
  });
});
