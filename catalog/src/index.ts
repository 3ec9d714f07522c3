// First, so that tracing (on when OTEL_EXPORTER_OTLP_ENDPOINT is set) patches what it traces.
import '@ticketing/common/tracing/register';
import { runServiceProcess } from '@ticketing/common';
import { catalogConfigSchema } from './config';
import { SERVICE_NAME } from './service-name';
import { startCatalogService } from './start';

runServiceProcess({
  name: SERVICE_NAME,
  configSchema: catalogConfigSchema,
  start: startCatalogService,
});
