import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import type { HttpServer } from '@ticketing/common';
import { startGateway } from './gateway';
import { databaseUrl, startInfrastructure, type RestartableNats } from './infrastructure';
import { ManagedProcess, type Log } from './managed-process';
import { SERVICES, type ServiceName } from './services';

const ROOT = path.resolve(__dirname, '../..');
/** Restarts of one process within RESTART_WINDOW_MS before the runner gives up and stops everything. */
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 60_000;

export interface PlatformOptions {
  /** Settings for every service, on top of the caller's environment (e.g. EXPIRATION_WINDOW_SECONDS). */
  env?: Record<string, string>;
  /** Gateway port; 0 for a free one. Default: PORT from the environment, else 8080. */
  port?: number;
  log?: Log;
}

export interface Platform {
  url: string;
  /** NATS, when the runner started it (no NATS_URL given): stop and start it to test an outage. */
  nats?: RestartableNats;
  /** Sends a signal to a service and resolves once it has exited; the runner reports and restarts it. */
  kill(service: ServiceName, signal: NodeJS.Signals): Promise<void>;
  /** Resolves once the service answers ready again (after a kill and its restart). */
  waitReady(service: ServiceName): Promise<void>;
  /** Rejects if a process keeps crashing and the runner gives up. */
  readonly failed: Promise<never>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * The whole platform on one machine: infrastructure, the five services and the client as separate
 * production-build processes, and the gateway in front, routing like the cluster does.
 */
export async function startPlatform(options: PlatformOptions = {}): Promise<Platform> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  const infrastructure = await startInfrastructure(env);
  const processes = new Map<string, ManagedProcess>();
  let gateway: HttpServer | undefined;
  let stopped = false;
  let fail!: (err: Error) => void;
  const failed = new Promise<never>((_resolve, reject) => (fail = reject));
  failed.catch(() => {}); // observed by whoever awaits it; never an unhandled rejection

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await gateway?.close();
    await Promise.all([...processes.values()].map((p) => p.stop()));
    await infrastructure.stop();
  };

  const restarts = new Map<string, number[]>();
  const supervise = (name: string) => (description: string, recentOutput: string[]) => {
    if (stopped) return;
    const now = Date.now();
    const recent = (restarts.get(name) ?? []).filter((t) => now - t < RESTART_WINDOW_MS);
    restarts.set(name, [...recent, now]);
    log(`runner     | ${name} ${description}; last output:\n${recentOutput.slice(-5).join('\n')}`);
    if (recent.length >= MAX_RESTARTS) {
      log(`runner     | ${name} keeps crashing; stopping everything`);
      fail(
        new Error(
          `${name} ${description} ${MAX_RESTARTS + 1} times within ${RESTART_WINDOW_MS / 1000} s`,
        ),
      );
      void stop();
      return;
    }
    log(`runner     | restarting ${name}`);
    processes.get(name)?.start();
  };

  try {
    const sharedEnv: NodeJS.ProcessEnv = {
      ...env,
      NODE_ENV: env.NODE_ENV ?? 'development',
      LOG_LEVEL: env.LOG_LEVEL ?? 'info',
      NATS_URL: infrastructure.natsUrl,
      JWT_KEY: env.JWT_KEY ?? randomBytes(32).toString('hex'),
      // Local plain HTTP: a Secure cookie would never be sent back.
      COOKIE_SECURE: env.COOKIE_SECURE ?? 'false',
      PAYMENTS_PROVIDER: env.PAYMENTS_PROVIDER ?? (env.STRIPE_SECRET_KEY ? 'stripe' : 'test'),
    };
    const ports = new Map<string, number>();
    for (const service of SERVICES) {
      const port = await freePort();
      ports.set(service.name, port);
      const serviceEnv: NodeJS.ProcessEnv = { ...sharedEnv, PORT: String(port) };
      if (service.ownsDatabase)
        serviceEnv.MONGO_URI = databaseUrl(infrastructure.mongoUrl, service.name);
      if (service.usesRedis) serviceEnv.REDIS_URL = infrastructure.redisUrl;
      processes.set(
        service.name,
        new ManagedProcess(
          {
            name: service.name,
            command: process.execPath,
            args: [path.join(ROOT, service.name, 'dist/index.js')],
            cwd: path.join(ROOT, service.name),
            env: serviceEnv,
            readyUrl: `http://127.0.0.1:${port}/readyz`,
          },
          log,
          supervise(service.name),
        ),
      );
    }

    const gatewayPort = options.port ?? Number(env.PORT ?? 8080);
    const clientBuilt = existsSync(path.join(ROOT, 'client/.next/BUILD_ID'));
    let clientTarget: string | undefined;
    if (clientBuilt) {
      const port = await freePort();
      clientTarget = `http://127.0.0.1:${port}`;
      processes.set(
        'client',
        new ManagedProcess(
          {
            name: 'client',
            command: process.execPath,
            args: [
              require.resolve('next/dist/bin/next', { paths: [path.join(ROOT, 'client')] }),
              'start',
              '-p',
              String(port),
              '-H',
              '127.0.0.1',
            ],
            cwd: path.join(ROOT, 'client'),
            // Server components reach the APIs through the gateway, as in the cluster.
            env: {
              // As in the image: no usage reports to Vercel from a developer's run.
              NEXT_TELEMETRY_DISABLED: '1',
              ...sharedEnv,
              NODE_ENV: 'production',
              PORT: String(port),
              API_URL: 'http://127.0.0.1:GATEWAY_PORT',
            },
            readyUrl: `${clientTarget}/readyz`,
          },
          log,
          supervise('client'),
        ),
      );
    } else {
      log(
        'runner     | the client is not built (npm run build -w @ticketing/client); serving the APIs only',
      );
    }

    gateway = await startGateway(
      SERVICES.filter((s) => s.routePrefix).map((s) => ({
        prefix: s.routePrefix!,
        name: s.name,
        target: `http://127.0.0.1:${ports.get(s.name)}`,
      })),
      clientTarget ? { name: 'client', target: clientTarget } : undefined,
      gatewayPort,
    );
    const client = processes.get('client');
    if (client) client.spec.env.API_URL = `http://127.0.0.1:${gateway.port}`;

    for (const p of processes.values()) p.start();
    await Promise.all([...processes.values()].map((p) => p.waitReady()));

    return {
      url: `http://localhost:${gateway.port}`,
      nats: infrastructure.nats,
      kill: async (service, signal) => processes.get(service)?.kill(signal),
      waitReady: (service) => processes.get(service)!.waitReady(),
      failed,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
