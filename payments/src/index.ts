import { createLogger, loadConfigOrExit, runService } from '@ticketing/common';
import { paymentsConfigSchema } from './config';
import { startPaymentsService } from './start';

const config = loadConfigOrExit(paymentsConfigSchema);
const logger = createLogger('payments', config.LOG_LEVEL);

void runService({
  logger,
  shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  start: () => startPaymentsService(config, logger),
});
