import path from 'node:path';
import type { TestServerName } from './global-setup';

/**
 * The jest config of a workspace: TypeScript through ts-jest, tests beside the code, and the real
 * servers the suite needs started once for the run by the harness's global setup.
 */
export function createJestConfig({ servers = [] as TestServerName[], testTimeout = 30_000 } = {}) {
  return {
    testEnvironment: 'node',
    roots: ['<rootDir>/src'],
    testMatch: ['**/*.test.ts'],
    transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
    globalSetup: path.join(__dirname, 'global-setup.js'),
    globalTeardown: path.join(__dirname, 'global-teardown.js'),
    globals: { testServers: servers },
    testTimeout,
    // Two cores: one worker per core, and servers are shared by the whole run.
    maxWorkers: 2,
  };
}
