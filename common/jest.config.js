const path = require('node:path');

// common's own suite runs the harness from source (ts-jest), not from dist.
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  globalSetup: path.join(__dirname, 'src/testing/global-setup.ts'),
  globalTeardown: path.join(__dirname, 'src/testing/global-teardown.ts'),
  globals: { testServers: ['mongo', 'nats', 'stan'] },
  testTimeout: 60_000,
  maxWorkers: 2,
};
