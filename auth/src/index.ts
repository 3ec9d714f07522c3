import { createLogger, loadConfigOrExit, runService } from '@ticketing/common';
import { authConfigSchema } from './config';
import { startAuthService } from './start';

const config = loadConfigOrExit(authConfigSchema);
const logger = createLogger('auth', config.LOG_LEVEL);

void runService({
  logger,
  shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  start: () => startAuthService(config, logger),
});
