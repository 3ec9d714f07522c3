// Browser end-to-end tests: headless Chromium driving the whole platform (services, gateway and the
// built client). One platform serves every file that needs no settings of its own (global setup);
// a file with settings starts its own. One file at a time: the platform is heavy for two cores.
const nextJest = require('next/jest');

const createJestConfig = nextJest({ dir: __dirname });

module.exports = createJestConfig({
  testEnvironment: 'node',
  roots: ['<rootDir>/e2e'],
  testMatch: ['**/*.test.ts'],
  testTimeout: 120_000,
  maxWorkers: 1,
  globalSetup: '<rootDir>/e2e/support/shared-platform-setup.ts',
  globalTeardown: '<rootDir>/e2e/support/shared-platform-teardown.ts',
});
