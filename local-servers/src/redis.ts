import { requireBinary } from './binaries';
import { ManagedProcess, withFreePortRetry } from './managed-process';
import { LOOPBACK, makeTempDir, type LaunchOptions, type RunningServer } from './server';

export interface StartRedisOptions extends LaunchOptions {
  /** Fixed port (e.g. to restart on the same port); default: a free port. */
  port?: number;
  /** Working dir for RDB/AOF files, kept on stop; default: a fresh temp dir removed on stop. */
  dir?: string;
  /** Enable the append-only file (so data survives a restart with the same dir). Default false. */
  appendOnly?: boolean;
}

/** redis-server on 127.0.0.1, no RDB snapshots, AOF per opts; url `redis://127.0.0.1:PORT`. */
export async function startRedis(opts: StartRedisOptions = {}): Promise<RunningServer> {
  const binary = await requireBinary(
    'redis-server',
    'install it with "apt-get install redis-server"',
  );

  const launch = async (port: number): Promise<RunningServer> => {
    const ownDir = opts.dir === undefined ? await makeTempDir('redis') : undefined;
    const server = new ManagedProcess(
      {
        name: 'redis-server',
        command: binary,
        // prettier-ignore
        args: [
          '--port', String(port),
          '--bind', LOOPBACK,
          '--save', '',
          '--appendonly', opts.appendOnly === true ? 'yes' : 'no',
          '--dir', opts.dir ?? ownDir ?? '',
        ],
        tempDirs: ownDir === undefined ? [] : [ownDir],
        ready: { line: (line) => (/Ready to accept connections/.test(line) ? true : undefined) },
      },
      opts.hooks,
    );
    await server.start();
    return { url: `redis://${LOOPBACK}:${port}`, processes: [server], stop: () => server.stop() };
  };

  // Redis cannot pick its own port (--port 0 disables TCP): allocate one, retry if it was taken.
  return opts.port === undefined ? withFreePortRetry(launch) : launch(opts.port);
}
