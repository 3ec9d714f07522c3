export * from './servers';
export * from './session';
export * from './database';
export * from './in-memory-bus';
export * from './wait-for';
export { createJestConfig } from './jest-preset';
export type { TestServerName } from './global-setup';
