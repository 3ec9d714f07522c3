const base = require('@ticketing/common/testing').createJestConfig({
  servers: ['mongo'],
  testTimeout: 120_000,
});

// Each e2e file starts a whole platform: one at a time on two cores.
module.exports = { ...base, maxWorkers: 1 };
