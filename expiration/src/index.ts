import { createLogger, loadConfigOrExit, runService } from '@ticketing/common';
import { expirationConfigSchema } from './config';
import { startExpirationService } from './start';

const config = loadConfigOrExit(expirationConfigSchema);
const logger = createLogger('expiration', config.LOG_LEVEL);

void runService({
  logger,
  shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  start: () => startExpirationService(config, logger),
});
