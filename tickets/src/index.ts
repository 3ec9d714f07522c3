// First, so that tracing (on when OTEL_EXPORTER_OTLP_ENDPOINT is set) patches what it traces.
import '@ticketing/common/tracing/register';
import { runServiceProcess } from '@ticketing/common';
import { ticketsConfigSchema } from './config';
import { SERVICE_NAME } from './service-name';
import { startTicketsService } from './start';

runServiceProcess({
  name: SERVICE_NAME,
  configSchema: ticketsConfigSchema,
  start: startTicketsService,
});
