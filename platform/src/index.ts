export { startPlatform, type Platform, type PlatformOptions } from './start-platform';
export { SERVICES, type ServiceName } from './services';
