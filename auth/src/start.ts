import {
  connectMongo,
  createLogger,
  isMongoConnected,
  listen,
  type Logger,
} from '@ticketing/common';
import { createAuthApp } from './app';
import type { AuthConfig } from './config';
import { createUserModel } from './data/user-model';

export interface RunningAuthService {
  port: number;
  stop(): Promise<void>;
}

/** Connects the database, then serves HTTP; `stop()` undoes both, in reverse. */
export async function startAuthService(
  config: AuthConfig,
  logger: Logger = createLogger('auth', config.LOG_LEVEL),
): Promise<RunningAuthService> {
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
    logger.info({ port: http.port }, 'auth service listening');
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
}
