export * from './servers';
export * from './session';
export * from './database';
export * from './in-memory-bus';
export * from './wait-for';
export * from './entry-point';
export * from './test-service';
export { createJestConfig } from './jest-preset';
export type { TestServerName } from './global-setup';
