import { runServiceProcess } from '@ticketing/common';
import { paymentsConfigSchema } from './config';
import { SERVICE_NAME } from './service-name';
import { startPaymentsService } from './start';

runServiceProcess({
  name: SERVICE_NAME,
  configSchema: paymentsConfigSchema,
  start: startPaymentsService,
});
