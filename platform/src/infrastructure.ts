import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  startMongo,
  startNats,
  startRedis,
  startStan,
  type ManagedProcess,
  type ProcessHooks,
  type RunningServer,
} from '@ticketing/local-servers';

/** NATS the runner started itself, so it can be stopped and started again on the same port and store. */
export interface RestartableNats {
  stop(): Promise<void>;
  start(): Promise<void>;
}

export interface Infrastructure {
  mongoUrl: string;
  natsUrl: string;
  redisUrl: string;
  /**
   * What the services need besides the URLs to use the servers started here: NATS Streaming's
   * cluster id and monitoring endpoint when the runner started it (EVENT_BUS=stan, no NATS_URL).
   */
  serviceEnv: Record<string, string>;
  /** Present only when the runner started NATS (no NATS_URL given, EVENT_BUS not stan). */
  nats?: RestartableNats;
  /** The server processes the runner started, by name (e.g. "nats-server", "postgres"). */
  processes(): Map<string, ManagedProcess<unknown>>;
  stop(): Promise<void>;
}

export interface InfrastructureOptions {
  /** Keep every server's data under this directory across runs; default: temporary directories. */
  dataDir?: string;
  /** Told about every server process the runner starts (a supervisor restarts those that die). */
  hooks?: ProcessHooks;
}

/**
 * MongoDB, NATS and Redis: the caller's (`MONGO_URL`, `NATS_URL`, `REDIS_URL`) when given, otherwise
 * servers started here on free loopback ports with their data in temporary directories, or under
 * `dataDir`. NATS is nats-server with JetStream, or nats-streaming-server with its monitoring port
 * when `EVENT_BUS=stan` (in memory, or under `dataDir`). A missing server binary fails with one line
 * saying what to install or which URL to set.
 */
export async function startInfrastructure(
  env: NodeJS.ProcessEnv,
  { dataDir, hooks }: InfrastructureOptions = {},
): Promise<Infrastructure> {
  const owned: RunningServer[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  const external = (url: string): RunningServer => ({ url, processes: [], stop: async () => {} });
  const keptDir = async (name: string) => {
    if (dataDir === undefined) return undefined;
    const dir = path.join(dataDir, name);
    await mkdir(dir, { recursive: true });
    return dir;
  };
  try {
    const [mongo, redis] = await Promise.all([
      // startMongo itself honours MONGO_URL.
      withHint(startMongo({ dataDir: await keptDir('mongo'), hooks }), 'MONGO_URL'),
      env.REDIS_URL
        ? external(env.REDIS_URL)
        : withHint(
            startRedis({ appendOnly: true, dir: await keptDir('redis'), hooks }),
            'REDIS_URL',
          ),
    ]);
    owned.push(mongo, redis);

    let natsUrl = env.NATS_URL;
    let nats: RestartableNats | undefined;
    let natsServer: RunningServer | undefined;
    const serviceEnv: Record<string, string> = {};
    if (!natsUrl && env.EVENT_BUS === 'stan') {
      const stan = await withHint(
        startStan({ monitorPort: 0, storeDir: await keptDir('stan'), hooks }),
        'NATS_URL',
      );
      owned.push(stan);
      natsUrl = stan.url;
      serviceEnv.NATS_CLUSTER_ID = stan.clusterId;
      // The services read their consumers' backlog from it (ticketing_consumer_pending_messages).
      if (stan.monitorUrl) serviceEnv.STAN_MONITOR_URL = stan.monitorUrl;
    } else if (!natsUrl) {
      let storeDir = await keptDir('nats');
      if (storeDir === undefined) {
        const tempDir = await mkdtemp(path.join(tmpdir(), 'ticketing-nats-'));
        cleanups.push(() => rm(tempDir, { recursive: true, force: true }));
        storeDir = tempDir;
      }
      natsServer = await withHint(startNats({ storeDir, hooks }), 'NATS_URL');
      natsUrl = natsServer.url;
      const port = Number(new URL(natsServer.url).port);
      nats = {
        stop: async () => {
          await natsServer?.stop();
          natsServer = undefined;
        },
        start: async () => {
          natsServer ??= await startNats({ port, storeDir, hooks });
        },
      };
      cleanups.unshift(() => nats!.stop());
    }
    return {
      mongoUrl: mongo.url,
      natsUrl,
      redisUrl: redis.url,
      serviceEnv,
      nats,
      processes: () =>
        new Map(
          [...owned, ...(natsServer ? [natsServer] : [])]
            .flatMap((server) => server.processes)
            .map((process) => [process.spec.name, process]),
        ),
      stop: async () => {
        for (const cleanup of cleanups) await cleanup();
        await Promise.all(owned.map((s) => s.stop()));
      },
    };
  } catch (err) {
    await Promise.allSettled([...owned.map((s) => s.stop()), ...cleanups.map((c) => c())]);
    throw err;
  }
}

async function withHint<S extends RunningServer>(server: Promise<S>, variable: string): Promise<S> {
  try {
    return await server;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(`${message} (or set ${variable} to use a running server)`, { cause: err });
  }
}

/** The service's own database on the shared server: `mongodb://host:port/<service>`. */
export function databaseUrl(mongoUrl: string, database: string): string {
  const url = new URL(mongoUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
