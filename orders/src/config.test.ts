import { ConfigError, loadConfig } from '@ticketing/common';
import { ordersConfigSchema } from './config';
import { TEST_SESSION_KEYS } from '@ticketing/common/testing';
import { parseETicketKey } from './domain/e-tickets';
import { newETicketKey } from './test/orders-test-service';

const eTicketKey = newETicketKey();

const valid = {
  MONGO_URI: 'mongodb://127.0.0.1:27017/orders',
  ...TEST_SESSION_KEYS,
  NATS_URL: 'nats://nats:4222',
  ETICKET_SIGNING_KEY: eTicketKey,
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

  it('when the e-ticket signing key is missing, then loading fails naming it', () => {
    expect(() =>
      loadConfig(ordersConfigSchema, { ...valid, ETICKET_SIGNING_KEY: undefined }),
    ).toThrow(new ConfigError('Invalid configuration: ETICKET_SIGNING_KEY is required'));
  });

  it('when the e-ticket signing key is too short or not base64, then loading fails naming it', () => {
    for (const value of ['c2hvcnQ=', 'not base64 at all, but long enough to be a key!!']) {
      expect(() =>
        loadConfig(ordersConfigSchema, { ...valid, ETICKET_SIGNING_KEY: value }),
      ).toThrow(/ETICKET_SIGNING_KEY is invalid/);
    }
  });

  it('when former e-ticket keys are listed, then each is read; a bad one fails loading naming the setting', () => {
    const former = newETicketKey();

    const config = loadConfig(ordersConfigSchema, { ...valid, ETICKET_PREVIOUS_KEYS: former });

    expect(config.ETICKET_SIGNING_KEY).toEqual(parseETicketKey(eTicketKey));
    expect(config.ETICKET_PREVIOUS_KEYS).toEqual([parseETicketKey(former)]);
    expect(() =>
      loadConfig(ordersConfigSchema, { ...valid, ETICKET_PREVIOUS_KEYS: `${former},short` }),
    ).toThrow(/ETICKET_PREVIOUS_KEYS is invalid/);
  });
});
