import { runServiceProcess } from '@ticketing/common';
import { ticketsConfigSchema } from './config';
import { SERVICE_NAME } from './service-name';
import { startTicketsService } from './start';

runServiceProcess({
  name: SERVICE_NAME,
  configSchema: ticketsConfigSchema,
  start: startTicketsService,
});
