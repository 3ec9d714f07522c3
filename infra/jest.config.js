const base = require('@ticketing/common/testing').createJestConfig({ servers: [] });

module.exports = {
  ...base,
  // The services' config schemas are read from their sources; the website's imports `server-only`,
  // which refuses to load outside a React server bundle.
  moduleNameMapper: { '^server-only$': '<rootDir>/src/test/empty-module.js' },
};
