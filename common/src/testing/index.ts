// The launchers live in @ticketing/local-servers (npm start runs them too); suites that start a server
// of their own (a restart, a cluster) get them here with the rest of the harness.
export {
  startMongo,
  startNats,
  startRedis,
  startStan,
  startStripeMock,
  toolsBinDir,
  type RunningServer,
} from '@ticketing/local-servers';
export * from './contract';
export * from './event-recorder';
export * from './session';
export * from './database';
export * from './explain';
export * from './in-memory-bus';
export * from './wait-for';
export * from './metrics-exposition';
export * from './entry-point';
export * from './test-service';
export { createJestConfig } from './jest-preset';
export type { TestServerName } from './global-setup';
