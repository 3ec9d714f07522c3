import { requireGoBuiltBinary } from './binaries';
import { ManagedProcess } from './managed-process';
import {
  LOOPBACK,
  NATS_LISTENING,
  portFromLine,
  type LaunchOptions,
  type RunningServer,
} from './server';

export const STAN_CLUSTER_ID = 'ticketing-test';

export interface StartStanOptions extends LaunchOptions {
  /**
   * Serves the monitoring endpoints (`/streaming/channelsz`, …) over HTTP on this port, 0 for a
   * free one; default: none.
   */
  monitorPort?: number;
  /** Keeps the channels in files under this directory (kept on stop); default: in memory. */
  storeDir?: string;
}

const MONITOR_LISTENING = /Starting http monitor on \S+:(\d+)/;

/**
 * nats-streaming-server on 127.0.0.1, cluster id 'ticketing-test', in memory unless given a store
 * directory; `monitorUrl` when asked for its monitoring port. Started again after an exit, it
 * listens on the same ports.
 */
export async function startStan(
  opts: StartStanOptions = {},
): Promise<RunningServer & { clusterId: string; monitorUrl?: string }> {
  const binary = await requireGoBuiltBinary('nats-streaming-server');
  // -1: the server picks a free port itself and logs it (no allocation race).
  // prettier-ignore
  const args = (port: number, monitorPort: number | undefined) => [
    '-a', LOOPBACK, '-p', String(port), '-cid', STAN_CLUSTER_ID,
    ...(opts.storeDir === undefined ? ['-st', 'MEMORY'] : ['-st', 'FILE', '-dir', opts.storeDir]),
    ...(monitorPort === undefined ? [] : ['-m', String(monitorPort === 0 ? -1 : monitorPort)]),
  ];
  let port: number | undefined;
  let monitorPort: number | undefined;
  const server = new ManagedProcess(
    {
      name: 'nats-streaming-server',
      command: binary,
      args: args(-1, opts.monitorPort),
      ready: {
        line: (line) => {
          port ??= portFromLine(NATS_LISTENING, line);
          monitorPort ??= portFromLine(MONITOR_LISTENING, line);
          return port !== undefined && /Streaming Server is ready/.test(line) ? port : undefined;
        },
      },
    },
    opts.hooks,
  );
  const ready = await server.start();
  server.spec.args = args(ready, opts.monitorPort === undefined ? undefined : monitorPort);
  return {
    url: `nats://${LOOPBACK}:${ready}`,
    clusterId: STAN_CLUSTER_ID,
    ...(monitorPort !== undefined && { monitorUrl: `http://${LOOPBACK}:${monitorPort}` }),
    processes: [server],
    stop: () => server.stop(),
  };
}
