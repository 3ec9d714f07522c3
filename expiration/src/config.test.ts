import { ConfigError, loadConfig } from '@ticketing/common';
import { expirationConfigSchema } from './config';

const valid = { REDIS_URL: 'redis://redis:6379', NATS_URL: 'nats://nats:4222' };

describe('expiration configuration', () => {
  it('when the required variables are set, then defaults fill the rest', () => {
    const config = loadConfig(expirationConfigSchema, valid);

    expect(config).toMatchObject({
      PORT: 3000,
      EVENT_BUS: 'jetstream',
      EXPIRATION_QUEUE: 'order-expiration',
      EXPIRATION_PUBLISH_ATTEMPTS: 12,
      EXPIRATION_RETRY_DELAY_MS: 1_000,
    });
  });

  it('when REDIS_URL is missing, then loading fails with one line naming it', () => {
    expect(() => loadConfig(expirationConfigSchema, { NATS_URL: valid.NATS_URL })).toThrow(
      new ConfigError('Invalid configuration: REDIS_URL is required'),
    );
  });

  it('when REDIS_URL is not a redis URL, then the error says why', () => {
    expect(() =>
      loadConfig(expirationConfigSchema, { ...valid, REDIS_URL: 'http://redis:6379' }),
    ).toThrow(/REDIS_URL is invalid \(must be a redis:\/\/ or rediss:\/\/ URL\)/);
  });
});
