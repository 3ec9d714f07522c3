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

/** nats-streaming-server on 127.0.0.1, in-memory store, cluster id 'ticketing-test'. */
export async function startStan(
  opts: LaunchOptions = {},
): Promise<RunningServer & { clusterId: string }> {
  const binary = await requireGoBuiltBinary('nats-streaming-server');
  let port: number | undefined;
  const server = new ManagedProcess(
    {
      name: 'nats-streaming-server',
      command: binary,
      args: ['-a', LOOPBACK, '-p', '-1', '-cid', STAN_CLUSTER_ID, '-st', 'MEMORY'],
      ready: {
        line: (line) => {
          port ??= portFromLine(NATS_LISTENING, line);
          return port !== undefined && /Streaming Server is ready/.test(line) ? port : undefined;
        },
      },
    },
    opts.hooks,
  );
  const ready = await server.start();
  return {
    url: `nats://${LOOPBACK}:${ready}`,
    clusterId: STAN_CLUSTER_ID,
    processes: [server],
    stop: () => server.stop(),
  };
}
