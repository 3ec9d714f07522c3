import {
  connectMongo,
  createLogger,
  isMongoConnected,
  serveApp,
  type StartService,
} from '@ticketing/common';
import { createAuthApp } from './app';
import type { AuthConfig } from './config';
import { createUserModel } from './data/user-model';
import { SERVICE_NAME } from './service-name';

/** Connects the database, then serves HTTP; `stop()` undoes both, in reverse. */
export const startAuthService: StartService<AuthConfig> = async (
  config,
  { logger = createLogger(SERVICE_NAME, config.LOG_LEVEL) } = {},
) => {
  const connection = await connectMongo(config.MONGO_URI, logger);
  try {
    const users = await createUserModel(connection);
    return await serveApp({
      app: (health) => createAuthApp({ config, logger, health, users }),
      readiness: { mongo: () => isMongoConnected(connection) },
      port: config.PORT,
      serviceName: SERVICE_NAME,
      logger,
      release: () => connection.close(),
    });
  } catch (err) {
    await connection.close();
    throw err;
  }
};
