import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createServer } from 'node:net';

import { freePort, ManagedProcess } from './managed-process';

describe('ManagedProcess', () => {
  it('when a server never becomes ready, then it is killed and the one-line error shows its last output', async () => {
    const tempDir = await mkdtemp(join(tmpdir(), 'ticketing-servers-test-'));
    const started = Date.now();
    const error = await new ManagedProcess({
      name: 'sleepy-server',
      command: '/bin/sh',
      args: ['-c', 'echo starting; echo warming up >&2; exec sleep 60'],
      tempDirs: [tempDir],
      readyTimeoutMs: 500,
      ready: { line: (line) => (line === 'ready' ? true : undefined) },
    })
      .start()
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((error as Error).message).toMatch(
      /^sleepy-server did not become ready within 500 ms \(last output: (starting \| warming up|warming up \| starting)\)$/,
    );
    await expect(rm(tempDir)).rejects.toMatchObject({ code: 'ENOENT' }); // removed by the failed start
  });

  it('when a process is halted, then no crash is reported, its temp dir is kept and start() runs it again', async () => {
    const tempDir = await mkdtemp(join(tmpdir(), 'ticketing-servers-test-'));
    const unexpectedExits: string[] = [];
    const server = new ManagedProcess(
      {
        name: 'halting-server',
        command: '/bin/sh',
        args: ['-c', 'echo ready; exec sleep 60'],
        tempDirs: [tempDir],
        ready: { line: (line) => (line === 'ready' ? true : undefined) },
      },
      { onUnexpectedExit: (description) => unexpectedExits.push(description) },
    );
    try {
      await server.start();
      const firstPid = server.pid;

      await server.halt();
      await server.start();

      expect(server.pid).not.toBe(firstPid);
      expect(unexpectedExits).toEqual([]);
      await expect(access(tempDir)).resolves.toBeUndefined();
    } finally {
      await server.stop();
    }
    await expect(access(tempDir)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('when a process is sent SIGSTOP, then it is frozen until SIGCONT, and nobody is told of an exit', async () => {
    const exits: string[] = [];
    const server = new ManagedProcess(
      {
        name: 'frozen-server',
        command: '/bin/sh',
        args: ['-c', 'echo ready; exec sleep 60'],
        ready: { line: (line) => (line === 'ready' ? true : undefined) },
      },
      { onUnexpectedExit: (description) => exits.push(description) },
    );
    // The state letter of /proc/PID/stat: T while stopped by a signal.
    const state = async () => (await readFile(`/proc/${server.pid}/stat`, 'utf8')).split(' ')[2];
    const until = async (wanted: (s: string | undefined) => boolean) => {
      while (!wanted(await state())) await new Promise((resolve) => setImmediate(resolve));
    };
    try {
      await server.start();

      server.signal('SIGSTOP');
      await until((s) => s === 'T');
      server.signal('SIGCONT');
      await until((s) => s !== 'T');

      expect(exits).toEqual([]);
    } finally {
      await server.stop();
    }
  });
});

describe('freePort', () => {
  it('when asked for ports, then each is below the kernel ephemeral range and a server can listen on it', async () => {
    const ephemeralLow = Number(
      (await readFile('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')).trim().split(/\s+/)[0],
    );
    const ports = await Promise.all(Array.from({ length: 20 }, () => freePort()));
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(10_000);
      expect(port).toBeLessThan(ephemeralLow);
    }
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(ports[0], resolve);
    });
    await new Promise((resolve) => server.close(resolve));
  });
});
