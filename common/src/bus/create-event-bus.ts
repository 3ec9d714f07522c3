import type { Logger } from '../logging/logger';
import type { EventBus } from './event-bus';
import { JetStreamBus } from './jetstream-bus';
import { StanBus } from './stan-bus';

export interface EventBusConfig {
  EVENT_BUS: 'jetstream' | 'stan';
  NATS_URL: string;
  NATS_USER?: string | undefined;
  NATS_PASSWORD?: string | undefined;
  NATS_CLUSTER_ID: string;
  NATS_CLIENT_ID?: string | undefined;
  /** JetStream: how long connecting waits for NATS to answer; a default when absent. */
  NATS_CONNECT_TIMEOUT_MS?: number | undefined;
  EVENT_ACK_WAIT_MS: number;
  EVENT_MAX_DELIVERIES: number;
  EVENT_RETRY_DELAY_MS: number;
  /** Events of one subject handled at once, each aggregate's in order; a default when absent. */
  EVENT_CONCURRENCY?: number | undefined;
  /** NATS Streaming: its monitoring endpoint, read for the consumers' backlog; none when absent. */
  STAN_MONITOR_URL?: string | undefined;
  /** JetStream: copies of the event stream in a NATS cluster; 1 when absent. */
  EVENT_STREAM_REPLICAS?: number | undefined;
}

/**
 * Connects the driver the config names (`EVENT_BUS`) for one service: its listeners share the
 * service's queue group, so each event is handled by one of its replicas.
 */
export async function connectEventBus(
  config: EventBusConfig,
  serviceName: string,
  logger: Logger,
): Promise<EventBus> {
  const policy = {
    ackWaitMs: config.EVENT_ACK_WAIT_MS,
    maxDeliveries: config.EVENT_MAX_DELIVERIES,
    retryDelayMs: config.EVENT_RETRY_DELAY_MS,
  };
  const concurrency = config.EVENT_CONCURRENCY;
  const busLogger = logger.child({ component: 'event-bus', driver: config.EVENT_BUS });
  if (config.EVENT_BUS === 'stan') {
    return StanBus.connect({
      ...policy,
      url: config.NATS_URL,
      user: config.NATS_USER,
      password: config.NATS_PASSWORD,
      clusterId: config.NATS_CLUSTER_ID,
      clientId: config.NATS_CLIENT_ID,
      monitorUrl: config.STAN_MONITOR_URL,
      serviceName,
      logger: busLogger,
      concurrency,
    });
  }
  return JetStreamBus.connect({
    ...policy,
    url: config.NATS_URL,
    connectTimeoutMs: config.NATS_CONNECT_TIMEOUT_MS,
    user: config.NATS_USER,
    password: config.NATS_PASSWORD,
    serviceName,
    logger: busLogger,
    streamReplicas: config.EVENT_STREAM_REPLICAS ?? 1,
    concurrency,
  });
}
