import type { RequestListener } from 'node:http';
import type { Health } from '../http/health';
import type { Connection, Model } from 'mongoose';
import { connectEventBus, type EventBusConfig } from '../bus/create-event-bus';
import type { EventBus } from '../bus/event-bus';
import { connectMongo, isMongoConnected } from '../data/mongo';
import type { Logger } from '../logging/logger';
import type { OutboxModel } from '../outbox/outbox';
import { OutboxRelay } from '../outbox/outbox-relay';
import type { EventsRecorded } from '../outbox/outbox-writer';
import { serveApp } from './http-server';
import type { ListeningService } from './run-service';

// Any document type: mongoose's model types do not widen to a common one, so each service's model
// would otherwise need a cast of its own.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyModel = Model<any>;

export interface OutboxRuntimeConfig extends EventBusConfig {
  MONGO_URI: string;
  OUTBOX_POLL_INTERVAL_MS: number;
  /** Absent: the relay's default. */
  OUTBOX_SWEEP_INTERVAL_MS?: number | undefined;
}

export interface OutboxRuntimeOptions<M> {
  config: OutboxRuntimeConfig;
  /** Names the bus client and the "listening" log line. */
  serviceName: string;
  logger: Logger;
  /** A bus the caller owns (tests): used instead of connecting one, and left open on stop. */
  bus?: EventBus | undefined;
  /** Binds the service's models to its own connection. */
  models: (connection: Connection) => M | Promise<M>;
  /** The models whose documents record events (`outboxPlugin`): the relay publishes from them. */
  publishesFrom: (models: M) => AnyModel[];
}

/** A service that publishes through the outbox. */
export interface OutboxService extends ListeningService {
  /**
   * Resolves once every event recorded so far is published and no relay run is under way: a barrier
   * for tests that count what was published.
   */
  flushEvents(): Promise<void>;
}

export interface OutboxRuntime<M> {
  /** The service's own database, for what common keeps there on its behalf (session revocations). */
  connection: Connection;
  models: M;
  bus: EventBus;
  /** For the domain's `OutboxWriter`s: nudges the relay with the document just saved. */
  eventsRecorded: EventsRecorded;
}

export interface OutboxServiceOptions<M> extends OutboxRuntimeOptions<M> {
  port: number;
  /**
   * Wires the service onto its runtime (domain, listeners) and gives the app to serve, made with the
   * service's health.
   */
  wire: (runtime: OutboxRuntime<M>) => Promise<(health: Health) => RequestListener>;
}

/**
 * Starts a service that publishes through the outbox: its Mongo connection and models, the bus, the
 * relay publishing what its writes record, then what `wire` builds on them, then HTTP. Readiness is
 * the database alone: while the bus is down, writes still succeed and their events wait in the
 * outbox, so taking the service out of rotation would defeat it. `stop()` closes HTTP, stops the
 * relay (a publish under way finishes), closes the bus (listeners finish their handlers), then
 * Mongo; events recorded meanwhile stay in the outbox for the next start. A start that fails undoes
 * what it did.
 */
export async function startOutboxService<M>({
  config,
  serviceName,
  logger,
  bus: givenBus,
  models: bindModels,
  publishesFrom,
  port,
  wire,
}: OutboxServiceOptions<M>): Promise<OutboxService> {
  const connection = await connectMongo(config.MONGO_URI, logger);
  let bus: EventBus | undefined;
  let relay: OutboxRelay | undefined;
  const release = async () => {
    await relay?.stop();
    if (bus && bus !== givenBus) await bus.close();
    await connection.close();
  };
  try {
    const models = await bindModels(connection);
    const connectedBus = givenBus ?? (await connectEventBus(config, serviceName, logger));
    bus = connectedBus;
    const runningRelay = new OutboxRelay({
      bus: connectedBus,
      models: publishesFrom(models) as unknown as OutboxModel[],
      logger: logger.child({ component: 'outbox-relay' }),
      pollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS,
      sweepIntervalMs: config.OUTBOX_SWEEP_INTERVAL_MS,
    });
    relay = runningRelay;
    runningRelay.start();
    const app = await wire({
      connection,
      models,
      bus: connectedBus,
      eventsRecorded: (document) => runningRelay.nudge(document),
    });
    const service = await serveApp({
      app,
      readiness: { mongo: () => isMongoConnected(connection) },
      port,
      serviceName,
      logger,
      release,
    });
    return { ...service, flushEvents: () => runningRelay.flush() };
  } catch (err) {
    await release();
    throw err;
  }
}
