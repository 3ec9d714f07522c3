module.exports = require('@ticketing/common/testing').createJestConfig({
  servers: ['redis', 'nats'],
});
