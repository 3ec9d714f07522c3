import { runServiceProcess } from '@ticketing/common';
import { ordersConfigSchema } from './config';
import { SERVICE_NAME } from './service-name';
import { startOrdersService } from './start';

runServiceProcess({
  name: SERVICE_NAME,
  configSchema: ordersConfigSchema,
  start: startOrdersService,
});
