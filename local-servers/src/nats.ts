import { requireBinary } from './binaries';
import { ManagedProcess } from './managed-process';
import {
  LOOPBACK,
  makeTempDir,
  NATS_LISTENING,
  portFromLine,
  type LaunchOptions,
  type RunningServer,
} from './server';

export interface StartNatsOptions extends LaunchOptions {
  /** Fixed port (e.g. to restart on the same port); default: a free port. */
  port?: number;
  /** JetStream store dir to use and keep; default: a fresh temp dir removed on stop. */
  storeDir?: string;
  /** Joins a JetStream cluster: this server's name, the route port it listens on, every member's route. */
  cluster?: { name: string; serverName: string; routePort: number; routes: string[] };
}

/**
 * nats-server with JetStream on 127.0.0.1; url `nats://127.0.0.1:PORT`. Started again after an
 * exit, it listens on the same port with the same store.
 */
export async function startNats(opts: StartNatsOptions = {}): Promise<RunningServer> {
  const binary = await requireBinary(
    'nats-server',
    'install it with "apt-get install nats-server"',
  );
  const ownStoreDir = opts.storeDir === undefined ? await makeTempDir('nats') : undefined;
  const storeDir = opts.storeDir ?? ownStoreDir ?? '';
  // -p -1: nats-server picks a free port itself and logs it (no allocation race).
  // prettier-ignore
  const args = (port: number) => [
    '-js', '-a', LOOPBACK, '-p', String(port), '-sd', storeDir,
    ...(opts.cluster ? [
      '--server_name', opts.cluster.serverName, '--cluster_name', opts.cluster.name,
      '--cluster', `nats://${LOOPBACK}:${opts.cluster.routePort}`,
      '--routes', opts.cluster.routes.join(','),
    ] : []),
  ];

  let port: number | undefined;
  const server = new ManagedProcess(
    {
      name: 'nats-server',
      command: binary,
      args: args(opts.port ?? -1),
      tempDirs: ownStoreDir === undefined ? [] : [ownStoreDir],
      ready: {
        line: (line) => {
          port ??= portFromLine(NATS_LISTENING, line);
          return port !== undefined && /\bServer is ready\b/.test(line) ? port : undefined;
        },
      },
    },
    opts.hooks,
  );
  const ready = await server.start();
  server.spec.args = args(ready);
  return { url: `nats://${LOOPBACK}:${ready}`, processes: [server], stop: () => server.stop() };
}
