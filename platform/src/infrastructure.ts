import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startMongo, startNats, startRedis, type RunningServer } from '@ticketing/common/testing';

/** NATS the runner started itself, so it can be stopped and started again on the same port and store. */
export interface RestartableNats {
  stop(): Promise<void>;
  start(): Promise<void>;
}

export interface Infrastructure {
  mongoUrl: string;
  natsUrl: string;
  redisUrl: string;
  /** Present only when the runner started NATS (no NATS_URL given). */
  nats?: RestartableNats;
  stop(): Promise<void>;
}

/**
 * MongoDB, NATS and Redis: the caller's (`MONGO_URL`, `NATS_URL`, `REDIS_URL`) when given, otherwise
 * servers started here on free loopback ports with their data in temporary directories.
 * A missing server binary fails with one line saying what to install or which URL to set.
 */
export async function startInfrastructure(env: NodeJS.ProcessEnv): Promise<Infrastructure> {
  const owned: RunningServer[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  const external = (url: string): RunningServer => ({ url, stop: async () => {} });
  try {
    const [mongo, redis] = await Promise.all([
      // startMongo itself honours MONGO_URL.
      withHint(startMongo(), 'MONGO_URL'),
      env.REDIS_URL
        ? external(env.REDIS_URL)
        : withHint(startRedis({ appendOnly: true }), 'REDIS_URL'),
    ]);
    owned.push(mongo, redis);

    let natsUrl = env.NATS_URL;
    let nats: RestartableNats | undefined;
    if (!natsUrl) {
      const storeDir = await mkdtemp(path.join(tmpdir(), 'ticketing-nats-'));
      cleanups.push(() => rm(storeDir, { recursive: true, force: true }));
      let server: RunningServer | undefined = await withHint(startNats({ storeDir }), 'NATS_URL');
      natsUrl = server.url;
      const port = Number(new URL(server.url).port);
      nats = {
        stop: async () => {
          await server?.stop();
          server = undefined;
        },
        start: async () => {
          server ??= await startNats({ port, storeDir });
        },
      };
      cleanups.unshift(() => nats!.stop());
    }
    return {
      mongoUrl: mongo.url,
      natsUrl,
      redisUrl: redis.url,
      nats,
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

async function withHint(server: Promise<RunningServer>, variable: string): Promise<RunningServer> {
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
