import { ConfigError, loadConfig } from '@ticketing/common';
import { authConfigSchema } from './config';

const valid = {
  MONGO_URI: 'mongodb://127.0.0.1:27017/auth',
  JWT_KEY: 'k'.repeat(32),
};

describe('auth configuration', () => {
  it('when the required variables are set, then defaults fill the rest', () => {
    const config = loadConfig(authConfigSchema, valid);

    expect(config).toMatchObject({ PORT: 3000, COOKIE_SECURE: true, SESSION_TTL_SECONDS: 86400 });
  });

  it('when JWT_KEY is missing, then loading fails with one line naming it', () => {
    expect(() => loadConfig(authConfigSchema, { MONGO_URI: valid.MONGO_URI })).toThrow(
      new ConfigError('Invalid configuration: JWT_KEY is required'),
    );
  });

  it('when a variable is malformed, then the error names it and why', () => {
    const load = () =>
      loadConfig(authConfigSchema, { ...valid, MONGO_URI: 'postgres://x', PORT: 'eighty' });

    expect(load).toThrow(/MONGO_URI is invalid \(must be a mongodb:\/\/ URI\)/);
    expect(load).toThrow(/PORT is invalid/);
  });
});
