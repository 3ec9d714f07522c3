module.exports = require('@ticketing/common/testing').createJestConfig({
  servers: ['mongo', 'nats'],
});
