import { ConfigError, loadConfig } from '@ticketing/common';
import { ordersConfigSchema } from './config';
import { TEST_SESSION_KEYS } from '@ticketing/common/testing';

const valid = {
  MONGO_URI: 'mongodb://127.0.0.1:27017/orders',
  ...TEST_SESSION_KEYS,
  NATS_URL: 'nats://nats:4222',
};

describe('orders configuration', () => {
  it('when the required variables are set, then an order holds its ticket for 15 minutes', () => {
    const config = loadConfig(ordersConfigSchema, valid);

    expect(config).toMatchObject({
      PORT: 3000,
      EVENT_BUS: 'jetstream',
      OUTBOX_POLL_INTERVAL_MS: 1000,
      EXPIRATION_WINDOW_SECONDS: 900,
    });
  });

  it('when the expiration window is set, then it is used', () => {
    const config = loadConfig(ordersConfigSchema, { ...valid, EXPIRATION_WINDOW_SECONDS: '60' });

    expect(config.EXPIRATION_WINDOW_SECONDS).toBe(60);
  });

  it('when the expiration window is not a positive whole number, then loading fails naming it', () => {
    for (const value of ['0', 'soon', '1.5']) {
      expect(() =>
        loadConfig(ordersConfigSchema, { ...valid, EXPIRATION_WINDOW_SECONDS: value }),
      ).toThrow(/EXPIRATION_WINDOW_SECONDS is invalid/);
    }
  });

  it('when NATS_URL is missing, then loading fails naming it', () => {
    expect(() => loadConfig(ordersConfigSchema, { ...valid, NATS_URL: undefined })).toThrow(
      new ConfigError('Invalid configuration: NATS_URL is required'),
    );
  });
});
