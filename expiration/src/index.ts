import { runServiceProcess } from '@ticketing/common';
import { expirationConfigSchema } from './config';
import { SERVICE_NAME } from './service-name';
import { startExpirationService } from './start';

runServiceProcess({
  name: SERVICE_NAME,
  configSchema: expirationConfigSchema,
  start: startExpirationService,
});
