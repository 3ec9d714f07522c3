/**
 * The servers the platform needs, run locally as child processes on loopback ports: MongoDB
 * (FerretDB on PostgreSQL or SQLite), NATS JetStream, NATS Streaming, Redis and stripe-mock. Used by
 * `npm start` and by the test harness alike.
 *
 * Binaries: nats-server, redis-server and PostgreSQL come from the OS (apt); ferretdb,
 * nats-streaming-server and stripe-mock are built by tools/test-servers/install.sh into
 * toolsBinDir(). When one of those three is missing and `go` is on PATH, the launcher runs
 * install.sh itself (once per process; the script takes a file lock).
 */
export { findBinary, toolsBinDir } from './binaries';
export { startFerretDb, type FerretDbBackend, type StartFerretDbOptions } from './ferretdb';
export {
  freePort,
  ManagedProcess,
  withFreePortRetry,
  type ProcessHooks,
  type ProcessSpec,
} from './managed-process';
export { startMongo } from './mongo';
export { startNats, type StartNatsOptions } from './nats';
export { startRedis, type StartRedisOptions } from './redis';
export type { LaunchOptions, RunningServer } from './server';
export { STAN_CLUSTER_ID, startStan } from './stan';
export { startStripeMock } from './stripe-mock';
