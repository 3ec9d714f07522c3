import {
  connectEventBus,
  createLogger,
  metricsFor,
  serveApp,
  type EventBus,
  type StartService,
} from '@ticketing/common';
import { createExpirationApp } from './app';
import type { ExpirationConfig } from './config';
import { OrderCreatedListener } from './events/listeners/order-created-listener';
import {
  OrderCancelledListener,
  OrderCompletedListener,
} from './events/listeners/order-settled-listeners';
import { ExpirationCompletePublisher } from './events/publishers/expiration-complete-publisher';
import { ExpirationQueue } from './jobs/expiration-queue';
import { SERVICE_NAME } from './service-name';

/**
 * Opens the job queue in Redis and the event bus, schedules expirations from order events, runs
 * due jobs, then serves the health endpoints; `stop()` undoes it in reverse.
 */
export const startExpirationService: StartService<ExpirationConfig> = async (
  config,
  { logger = createLogger(SERVICE_NAME, config.LOG_LEVEL), bus: givenBus } = {},
) => {
  const expirations = await ExpirationQueue.open({
    redisUrl: config.REDIS_URL,
    name: config.EXPIRATION_QUEUE,
    publishAttempts: config.EXPIRATION_PUBLISH_ATTEMPTS,
    retryDelayMs: config.EXPIRATION_RETRY_DELAY_MS,
    connectTimeoutMs: config.REDIS_CONNECT_TIMEOUT_MS,
    logger,
  });
  const stopMeasuring = metricsFor(SERVICE_NAME).gaugeReadAtScrape(
    'ticketing_expiration_jobs',
    'Expiration jobs by state: delayed, waiting, active, failed',
    ['state'],
    () => expirations.jobCounts(),
  );
  let bus: EventBus | undefined;
  const closeBus = async () => {
    if (bus && bus !== givenBus) await bus.close();
  };
  try {
    const connectedBus = givenBus ?? (await connectEventBus(config, SERVICE_NAME, logger));
    bus = connectedBus;
    await bus.listen(new OrderCreatedListener(expirations));
    await bus.listen(new OrderCancelledListener(expirations));
    await bus.listen(new OrderCompletedListener(expirations));
    const publisher = new ExpirationCompletePublisher(bus);
    expirations.process(async ({ orderId }) => {
      await publisher.publish({ orderId });
    });
    return await serveApp({
      app: (health) => createExpirationApp({ logger, health }),
      readiness: { redis: () => expirations.isConnected(), bus: () => connectedBus.isConnected() },
      port: config.PORT,
      serviceName: SERVICE_NAME,
      logger,
      release: async () => {
        // Running jobs finish while the bus is still open to publish their events.
        await expirations.stopProcessing();
        await closeBus();
        stopMeasuring();
        await expirations.close();
      },
    });
  } catch (err) {
    await closeBus();
    stopMeasuring();
    await expirations.close();
    throw err;
  }
};
