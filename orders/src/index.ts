import { createLogger, loadConfigOrExit, runService } from '@ticketing/common';
import { ordersConfigSchema } from './config';
import { startOrdersService } from './start';

const config = loadConfigOrExit(ordersConfigSchema);
const logger = createLogger('orders', config.LOG_LEVEL);

void runService({
  logger,
  shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  start: () => startOrdersService(config, { logger }),
});
