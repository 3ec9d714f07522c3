import { runServiceProcess } from '@ticketing/common';
import { authConfigSchema } from './config';
import { SERVICE_NAME } from './service-name';
import { startAuthService } from './start';

runServiceProcess({ name: SERVICE_NAME, configSchema: authConfigSchema, start: startAuthService });
