import { createLogger, loadConfigOrExit, runService } from '@ticketing/common';
import { ticketsConfigSchema } from './config';
import { startTicketsService } from './start';

const config = loadConfigOrExit(ticketsConfigSchema);
const logger = createLogger('tickets', config.LOG_LEVEL);

void runService({
  logger,
  shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  start: () => startTicketsService(config, { logger }),
});
