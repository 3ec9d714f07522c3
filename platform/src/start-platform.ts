import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { generateSessionKeys, type HttpServer } from '@ticketing/common';
import { freePort, ManagedProcess, type ProcessHooks } from '@ticketing/local-servers';
import { startGateway } from './gateway';
import {
  databaseUrl,
  startInfrastructure,
  type Infrastructure,
  type RestartableNats,
} from './infrastructure';
import { localPrometheus } from './prometheus';
import { SERVICES, type ServiceName } from './services';

export type Log = (line: string) => void;

const ROOT = path.resolve(__dirname, '../..');
/** Restarts of one process within the restart window before the runner gives up and stops everything. */
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 60_000;
/**
 * The wait before a restart doubles with each crash in the window (0.5, 1, 2, 4, 8 s), as the
 * kubelet backs off a crash-looping container: a service that exits because NATS or its database is
 * away for a few seconds is not restarted six times before that server is back.
 */
const FIRST_RESTART_DELAY_MS = 500;
const SERVICE_READY_TIMEOUT_MS = 60_000;
/** Longer than a service's own bound on a graceful stop (SHUTDOWN_TIMEOUT_MS, 10 s by default). */
const SERVICE_STOP_GRACE_MS = 15_000;

export interface PlatformOptions {
  /**
   * The crash-loop rule's window: a process that crashes six times within it stops everything.
   * Default: a minute.
   */
  restartWindowMs?: number;
  /** Settings for every service, on top of the caller's environment (e.g. EXPIRATION_WINDOW_SECONDS). */
  env?: Record<string, string>;
  /** Gateway port; 0 for a free one. Default: PORT from the environment, else 8080. */
  port?: number;
  /**
   * Runs a real Prometheus scraping the services on this port (0 for a free one), when Debian's
   * `prometheus` is installed. Default: none (the CLI passes PROMETHEUS_PORT, else 9090).
   */
  prometheusPort?: number;
  log?: Log;
}

export interface Platform {
  url: string;
  /** Each service's own address (its /metrics, /healthz), not routed by the gateway. */
  serviceUrls: Record<ServiceName, string>;
  /** The local Prometheus's UI and API, when one was asked for and is installed. */
  prometheusUrl?: string;
  /** The MongoDB server (each service's database is on it) and NATS, for tools such as the chaos check. */
  mongoUrl: string;
  natsUrl: string;
  /** NATS, when the runner started it (no NATS_URL given): stop and start it to test an outage. */
  nats?: RestartableNats;
  /**
   * Sends a signal to a service or a server the runner started ("nats-server", "redis-server",
   * "postgres", "ferretdb") and resolves once it has exited; the runner reports and restarts it.
   */
  kill(name: ServiceName | string, signal: NodeJS.Signals): Promise<void>;
  /** Resolves once the service or server is ready again (after a kill and its restart). */
  waitReady(name: ServiceName | string): Promise<void>;
  /** Sends a signal without waiting for an exit: SIGSTOP freezes a process, SIGCONT thaws it. */
  signal(name: ServiceName | string, signal: NodeJS.Signals): void;
  /** Stops a service or server on purpose (an outage), keeping its port and data; nothing restarts it. */
  halt(name: ServiceName | string): Promise<void>;
  /** Starts a halted service or server again; resolves once it is ready. */
  resume(name: ServiceName | string): Promise<void>;
  /** Rejects if a process keeps crashing and the runner gives up. */
  readonly failed: Promise<never>;
  stop(): Promise<void>;
}

/**
 * The whole platform on one machine: infrastructure, the five services and the client as separate
 * production-build processes, and the gateway in front, routing like the cluster does.
 */
export async function startPlatform(options: PlatformOptions = {}): Promise<Platform> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  const processes = new Map<string, ManagedProcess<unknown>>();
  let infrastructure: Infrastructure | undefined;
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
    await infrastructure?.stop();
  };

  const restarts = new Map<string, number[]>();
  const restartWindowMs = options.restartWindowMs ?? RESTART_WINDOW_MS;
  /**
   * Reports a crash; the wait before restarting, or undefined once the process has crashed too often
   * (everything is being stopped).
   */
  const crashed = (name: string, what: string): number | undefined => {
    if (stopped) return undefined;
    const now = Date.now();
    const recent = (restarts.get(name) ?? []).filter((t) => now - t < restartWindowMs);
    restarts.set(name, [...recent, now]);
    log(`runner     | ${what}`);
    if (recent.length >= MAX_RESTARTS) {
      log(`runner     | ${name} keeps crashing; stopping everything`);
      fail(
        new Error(
          `${name} crashed ${MAX_RESTARTS + 1} times within ${restartWindowMs / 1000} s: ${what}`,
        ),
      );
      void stop();
      return undefined;
    }
    log(`runner     | restarting ${name}`);
    return FIRST_RESTART_DELAY_MS * 2 ** recent.length;
  };
  /** Restarts waiting for their delay, or under way, by process name. */
  const restarting = new Map<string, Promise<void>>();
  /** Starts a process until it is ready, again after every failed start while the runner allows it. */
  const run = async (process: ManagedProcess<unknown>): Promise<void> => {
    for (;;) {
      try {
        await process.start();
        return;
      } catch (err) {
        const delayMs = crashed(
          process.spec.name,
          err instanceof Error ? err.message : String(err),
        );
        if (delayMs === undefined) throw err;
        await sleep(delayMs);
      }
    }
  };
  // Servers and services alike: restarted on the same port (and, for a server, the same data).
  const supervise: ProcessHooks['onUnexpectedExit'] = (description, lastLines, process) => {
    const { name } = process.spec;
    const delayMs = crashed(name, `${name} ${description}; last output:\n${lastLines.join('\n')}`);
    if (delayMs !== undefined) {
      restarting.set(
        name,
        sleep(delayMs)
          .then(() => (stopped ? undefined : run(process)))
          // A restart that keeps failing has failed the runner; waitReady reads its last start.
          .catch(() => undefined),
      );
    }
  };

  const dataDir = env.DATA_DIR ? path.resolve(env.DATA_DIR) : undefined;
  log(
    dataDir
      ? `runner     | keeping the servers' data and the session keys in ${dataDir}`
      : "runner     | the servers' data is in temporary directories, removed on stop (DATA_DIR=path keeps it)",
  );
  try {
    infrastructure = await startInfrastructure(env, {
      dataDir,
      hooks: { onUnexpectedExit: supervise },
    });
    // The servers listen on free ports: an operator needs them for `npm run ops` (README, Operating it).
    log(
      `runner     | npm run ops: NATS_URL=${env.NATS_URL ? '(yours)' : infrastructure.natsUrl}` +
        `, outbox status ${env.MONGO_URL ? '(your MONGO_URL)' : infrastructure.mongoUrl}`,
    );
    const sharedEnv: NodeJS.ProcessEnv = {
      ...env,
      NODE_ENV: env.NODE_ENV ?? 'development',
      LOG_LEVEL: env.LOG_LEVEL ?? 'info',
      NATS_URL: infrastructure.natsUrl,
      ...infrastructure.serviceEnv,
      ...(await sessionKeys(env, dataDir)),
      // Local plain HTTP: a Secure cookie would never be sent back.
      COOKIE_SECURE: env.COOKIE_SECURE ?? 'false',
      // The gateway, on loopback, is the only hop: it sets X-Forwarded-For from the connection.
      TRUST_PROXY: env.TRUST_PROXY ?? 'loopback',
      PAYMENTS_PROVIDER: env.PAYMENTS_PROVIDER ?? (env.STRIPE_SECRET_KEY ? 'stripe' : 'test'),
    };
    // Secrets of one service only, as in the cluster.
    const ownSecrets: Partial<Record<ServiceName, NodeJS.ProcessEnv>> = {
      orders: { ETICKET_SIGNING_KEY: await eTicketSigningKey(env, dataDir) },
    };
    const ports = new Map<string, number>();
    for (const service of SERVICES) {
      const port = await freePort();
      ports.set(service.name, port);
      const serviceEnv: NodeJS.ProcessEnv = {
        ...sharedEnv,
        ...ownSecrets[service.name],
        PORT: String(port),
      };
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
            ready: { url: `http://127.0.0.1:${port}/readyz` },
            readyTimeoutMs: service.readyTimeoutMs ?? SERVICE_READY_TIMEOUT_MS,
            stopGraceMs: SERVICE_STOP_GRACE_MS,
          },
          { onLine: prefixed(service.name, log), onUnexpectedExit: supervise },
        ),
      );
    }

    const clientBuilt = existsSync(path.join(ROOT, 'client/.next/BUILD_ID'));
    // Its own port: the gateway sends every path outside /api/... to the site, so a route would be public.
    const clientMetricsPort = clientBuilt ? await freePort() : undefined;
    const prometheus =
      options.prometheusPort === undefined
        ? undefined
        : await localPrometheus({
            targets: [
              ...SERVICES.map((s) => ({ job: s.name, port: ports.get(s.name)! })),
              ...(clientMetricsPort === undefined
                ? []
                : [{ job: 'client', port: clientMetricsPort }]),
            ],
            port: options.prometheusPort,
            dataDir,
            ruleFiles: [path.join(ROOT, 'infra/monitoring/rules.yml')],
            hooks: { onLine: prefixed('prometheus', log), onUnexpectedExit: supervise },
          });
    if (prometheus) processes.set('prometheus', prometheus.process);
    else if (options.prometheusPort !== undefined)
      log('runner     | prometheus is not installed (apt-get install prometheus); no metrics UI');

    const gatewayPort = options.port ?? Number(env.PORT ?? 8080);
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
              METRICS_PORT: String(clientMetricsPort),
              METRICS_HOST: '127.0.0.1',
              API_URL: 'http://127.0.0.1:GATEWAY_PORT',
            },
            ready: { url: `${clientTarget}/readyz` },
            readyTimeoutMs: SERVICE_READY_TIMEOUT_MS,
            stopGraceMs: SERVICE_STOP_GRACE_MS,
          },
          { onLine: prefixed('client', log), onUnexpectedExit: supervise },
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
    if (client?.spec.env) client.spec.env.API_URL = `http://127.0.0.1:${gateway.port}`;

    await Promise.race([Promise.all([...processes.values()].map(run)), failed]);

    const running = infrastructure;
    const processNamed = (name: string) => {
      const found = processes.get(name) ?? running.processes().get(name);
      if (found === undefined) throw new Error(`the runner started no process named ${name}`);
      return found;
    };
    return {
      url: `http://localhost:${gateway.port}`,
      serviceUrls: Object.fromEntries(
        SERVICES.map((s) => [s.name, `http://127.0.0.1:${ports.get(s.name)}`]),
      ) as Record<ServiceName, string>,
      ...(prometheus && { prometheusUrl: prometheus.url }),
      mongoUrl: infrastructure.mongoUrl,
      natsUrl: infrastructure.natsUrl,
      nats: infrastructure.nats,
      kill: (name, signal) => processNamed(name).kill(signal),
      waitReady: async (name) => {
        await restarting.get(name);
        await processNamed(name).ready();
      },
      signal: (name, signal) => processNamed(name).signal(signal),
      halt: (name) => processNamed(name).halt(),
      // As a restart after a crash: a start that keeps failing counts towards the crash-loop rule.
      resume: (name) => run(processNamed(name)),
      failed,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

function prefixed(name: string, log: Log): (line: string) => void {
  const prefix = name.padEnd(10);
  return (line) => log(`${prefix} | ${line}`);
}

type SessionKeys = ReturnType<typeof generateSessionKeys>;

/**
 * The session keys: the caller's (both, or neither), else a pair made per run, or kept in the data
 * directory so sessions survive a restart.
 */
async function sessionKeys(
  env: NodeJS.ProcessEnv,
  dataDir: string | undefined,
): Promise<SessionKeys> {
  const { SESSION_SIGNING_KEY, SESSION_PUBLIC_KEYS } = env;
  if (SESSION_SIGNING_KEY && SESSION_PUBLIC_KEYS)
    return { SESSION_SIGNING_KEY, SESSION_PUBLIC_KEYS };
  if (SESSION_SIGNING_KEY || SESSION_PUBLIC_KEYS) {
    throw new Error('set both SESSION_SIGNING_KEY and SESSION_PUBLIC_KEYS, or neither');
  }
  return keptInDataDir(dataDir, 'session-keys.json', generateSessionKeys);
}

/** The key orders signs e-tickets with: the caller's, else one made per run or kept like the session keys. */
async function eTicketSigningKey(
  env: NodeJS.ProcessEnv,
  dataDir: string | undefined,
): Promise<string> {
  if (env.ETICKET_SIGNING_KEY) return env.ETICKET_SIGNING_KEY;
  const kept = await keptInDataDir(dataDir, 'eticket-key.json', () => ({
    ETICKET_SIGNING_KEY: randomBytes(32).toString('base64url'),
  }));
  return kept.ETICKET_SIGNING_KEY;
}

/** Secrets made per run, or kept in the data directory so they survive a restart. */
async function keptInDataDir<T>(
  dataDir: string | undefined,
  fileName: string,
  generate: () => T,
): Promise<T> {
  if (dataDir === undefined) return generate();
  const file = path.join(dataDir, fileName);
  const kept = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  if (kept !== undefined) return JSON.parse(kept) as T;
  const secrets = generate();
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, `${JSON.stringify(secrets)}\n`, { mode: 0o600 });
  return secrets;
}
