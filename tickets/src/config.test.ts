import { ConfigError, loadConfig } from '@ticketing/common';
import { ticketsConfigSchema } from './config';
import { TEST_SESSION_KEYS } from '@ticketing/common/testing';

const valid = {
  MONGO_URI: 'mongodb://127.0.0.1:27017/tickets',
  ...TEST_SESSION_KEYS,
  NATS_URL: 'nats://nats:4222',
};

describe('tickets configuration', () => {
  it('when the required variables are set, then defaults fill the rest', () => {
    const config = loadConfig(ticketsConfigSchema, valid);

    expect(config).toMatchObject({
      PORT: 3000,
      EVENT_BUS: 'jetstream',
      OUTBOX_POLL_INTERVAL_MS: 1000,
      COOKIE_SECURE: true,
    });
  });

  it('when NATS_URL is missing, then loading fails naming it', () => {
    const withoutNats = { ...valid, NATS_URL: undefined };

    expect(() => loadConfig(ticketsConfigSchema, withoutNats)).toThrow(
      new ConfigError('Invalid configuration: NATS_URL is required'),
    );
  });
});
