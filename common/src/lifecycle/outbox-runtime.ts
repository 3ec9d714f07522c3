import type { RequestListener } from 'node:http';
import type { Connection, Model } from 'mongoose';
import { connectEventBus, type EventBusConfig } from '../bus/create-event-bus';
import type { EventBus } from '../bus/event-bus';
import { connectMongo, isMongoConnected } from '../data/mongo';
import type { Logger } from '../logging/logger';
import type { OutboxModel } from '../outbox/outbox';
import { OutboxRelay } from '../outbox/outbox-relay';
import type { EventsRecorded } from '../outbox/outbox-writer';
import { listen } from './http-server';
import type { ListeningService } from './run-service';

// Any document type: mongoose's model types do not widen to a common one, so each service's model
// would otherwise need a cast of its own.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyModel = Model<any>;

export interface OutboxRuntimeConfig extends EventBusConfig {
  MONGO_URI: string;
  OUTBOX_POLL_INTERVAL_MS: number;
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
  models: M;
  bus: EventBus;
  /** Running; `relay.nudge()` after a write that recorded events publishes them without waiting for a poll. */
  relay: OutboxRelay;
  /** For the domain's `OutboxWriter`s: nudges the relay with the document just saved. */
  eventsRecorded: EventsRecorded;
  isMongoConnected: () => boolean;
  isShuttingDown: () => boolean;
  /**
   * Serves the service's app; the returned `stop()` closes HTTP first, so no request starts on
   * a service being taken apart, then does what `stop()` below does.
   */
  serve(app: RequestListener, port: number): Promise<OutboxService>;
  /**
   * Stops the relay (letting a publish under way finish), closes the bus (ending the listeners once their
   * handlers are done), then closes Mongo. Events recorded meanwhile stay in the outbox for the next relay.
   */
  stop(): Promise<void>;
}

/**
 * What a service that publishes through the outbox runs on: its Mongo connection and models, the
 * bus, and the relay publishing the events its writes record. The service wires its own listeners
 * and app onto it, then `serve`s; a start that fails after this must `stop()` it.
 */
export async function startOutboxRuntime<M>({
  config,
  serviceName,
  logger,
  bus: givenBus,
  models: bindModels,
  publishesFrom,
}: OutboxRuntimeOptions<M>): Promise<OutboxRuntime<M>> {
  const connection = await connectMongo(config.MONGO_URI, logger);
  let bus: EventBus | undefined;
  let relay: OutboxRelay | undefined;
  let shuttingDown = false;
  const stop = async () => {
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
    });
    relay = runningRelay;
    runningRelay.start();
    return {
      models,
      bus: connectedBus,
      relay: runningRelay,
      eventsRecorded: (document) => runningRelay.nudge(document),
      isMongoConnected: () => isMongoConnected(connection),
      isShuttingDown: () => shuttingDown,
      serve: async (app, port) => {
        const http = await listen(app, port);
        logger.info({ port: http.port }, `${serviceName} service listening`);
        return {
          port: http.port,
          flushEvents: () => runningRelay.flush(),
          stop: async () => {
            shuttingDown = true;
            await http.close();
            await stop();
          },
        };
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
