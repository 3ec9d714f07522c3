import { ConfigError, generateSessionKeys, loadConfig } from '@ticketing/common';
import { TEST_SESSION_KEYS } from '@ticketing/common/testing';
import { authConfigSchema } from './config';

const valid = {
  MONGO_URI: 'mongodb://127.0.0.1:27017/auth',
  NATS_URL: 'nats://127.0.0.1:4222',
  REDIS_URL: 'redis://127.0.0.1:6379',
  ...TEST_SESSION_KEYS,
};

describe('auth configuration', () => {
  it('when the required variables are set, then defaults fill the rest', () => {
    const config = loadConfig(authConfigSchema, valid);

    expect(config).toMatchObject({ PORT: 3000, COOKIE_SECURE: true, SESSION_TTL_SECONDS: 86400 });
  });

  it('when the signing key is missing, then loading fails with one line naming it', () => {
    const withoutKey: Record<string, string> = { ...valid };
    delete withoutKey.SESSION_SIGNING_KEY;

    expect(() => loadConfig(authConfigSchema, withoutKey)).toThrow(
      new ConfigError('Invalid configuration: SESSION_SIGNING_KEY is required'),
    );
  });

  it('when the public keys do not hold the signing key, then loading fails naming them', () => {
    const other = generateSessionKeys();

    expect(() =>
      loadConfig(authConfigSchema, { ...valid, SESSION_PUBLIC_KEYS: other.SESSION_PUBLIC_KEYS }),
    ).toThrow(
      new ConfigError(
        'Invalid configuration: SESSION_PUBLIC_KEYS is invalid (does not hold the public part of SESSION_SIGNING_KEY)',
      ),
    );
  });

  it('when a key is not a JSON Web Key, then loading fails saying why', () => {
    expect(() =>
      loadConfig(authConfigSchema, { ...valid, SESSION_SIGNING_KEY: 'k'.repeat(32) }),
    ).toThrow('SESSION_SIGNING_KEY is invalid (the signing key is not JSON)');
  });

  it('when a variable is malformed, then the error names it and why', () => {
    const load = () =>
      loadConfig(authConfigSchema, { ...valid, MONGO_URI: 'postgres://x', PORT: 'eighty' });

    expect(load).toThrow(/MONGO_URI is invalid \(must be a mongodb:\/\/ URI\)/);
    expect(load).toThrow(/PORT is invalid/);
  });
});
