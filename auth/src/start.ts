import {
  connectMongo,
  createLogger,
  isMongoConnected,
  listen,
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
  let shuttingDown = false;
  try {
    const users = await createUserModel(connection);
    const app = createAuthApp({
      config,
      logger,
      users,
      readiness: { mongo: () => isMongoConnected(connection) },
      isShuttingDown: () => shuttingDown,
    });
    const http = await listen(app, config.PORT);
    logger.info({ port: http.port }, `${SERVICE_NAME} service listening`);
    return {
      port: http.port,
      stop: async () => {
        shuttingDown = true;
        await http.close();
        await connection.close();
      },
    };
  } catch (err) {
    await connection.close();
    throw err;
  }
};
