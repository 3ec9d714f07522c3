export { startPlatform, type Platform, type PlatformOptions } from './start-platform';
export { SERVICES, type ServiceName } from './services';
export { e2eLog } from './e2e/support/e2e-log';
