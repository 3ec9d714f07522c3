import {
  startMongo,
  startNats,
  startRedis,
  startStan,
  startStripeMock,
  type RunningServer,
} from '@ticketing/local-servers';

export type TestServerName = 'mongo' | 'nats' | 'stan' | 'redis' | 'stripe-mock';

interface JestProjectConfig {
  globals: { testServers?: TestServerName[] };
}

declare global {
  var __TICKETING_TEST_SERVERS__: RunningServer[] | undefined;
}

/**
 * Starts the real servers a suite needs on free loopback ports and exports their URLs to the test
 * workers. A server that cannot be found or built fails the run with one line saying what to install.
 */
export default async function globalSetup(
  _globalConfig: unknown,
  projectConfig: JestProjectConfig,
) {
  const started: RunningServer[] = [];
  globalThis.__TICKETING_TEST_SERVERS__ = started;
  const wanted = new Set(projectConfig.globals.testServers ?? []);
  try {
    await Promise.all([
      wanted.has('mongo') &&
        startMongo().then((s) => {
          started.push(s);
          process.env.MONGO_URL = s.url;
        }),
      wanted.has('nats') &&
        startNats().then((s) => {
          started.push(s);
          process.env.NATS_URL = s.url;
        }),
      wanted.has('stan') &&
        startStan().then((s) => {
          started.push(s);
          process.env.STAN_URL = s.url;
          process.env.STAN_CLUSTER_ID = s.clusterId;
        }),
      wanted.has('redis') &&
        startRedis().then((s) => {
          started.push(s);
          process.env.REDIS_URL = s.url;
        }),
      wanted.has('stripe-mock') &&
        startStripeMock().then((s) => {
          started.push(s);
          process.env.STRIPE_MOCK_URL = s.url;
        }),
    ]);
  } catch (err) {
    await Promise.allSettled(started.map((s) => s.stop()));
    throw err;
  }
}
