import {
  createLogger,
  honourSessionRevocations,
  startOutboxService,
  type OutboxService,
  type ServiceDependencies,
  type StartService,
} from '@ticketing/common';
import { createAuthApp } from './app';
import type { AuthConfig } from './config';
import { createUserModel } from './data/user-model';
import { Accounts } from './domain/accounts';
import { SharedCounters } from './rate-limit/shared-counters';
import { SERVICE_NAME } from './service-name';

/**
 * Connects the attempt counters (Redis; auth starts without them), the database and the bus, starts
 * the outbox relay (auth announces revoked sessions), honours revocations like every service, then
 * serves HTTP; `stop()` undoes it in reverse.
 */
export const startAuthService: StartService<
  AuthConfig,
  ServiceDependencies,
  OutboxService
> = async (config, { logger = createLogger(SERVICE_NAME, config.LOG_LEVEL), bus } = {}) => {
  const counters = await SharedCounters.connect(config.REDIS_URL, logger);
  try {
    const service = await startOutboxService({
      config,
      serviceName: SERVICE_NAME,
      logger,
      bus,
      port: config.PORT,
      models: async (connection) => ({ users: await createUserModel(connection) }),
      publishesFrom: ({ users }) => [users],
      wire: async (runtime) => {
        const sessions = await honourSessionRevocations({ ...runtime, config });
        const accounts = new Accounts(runtime.models.users, runtime.eventsRecorded);
        return (health) => createAuthApp({ config, logger, health, accounts, sessions, counters });
      },
    });
    return {
      ...service,
      stop: async () => {
        await service.stop();
        await counters.close();
      },
    };
  } catch (err) {
    await counters.close();
    throw err;
  }
};
