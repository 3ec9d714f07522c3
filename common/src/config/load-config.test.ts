import { z } from 'zod';
import { ConfigError, envBoolean, loadConfig } from './load-config';
import { eventBusConfigShape } from './service-config';

const schema = z.object({ ...eventBusConfigShape, FEATURE: envBoolean(false) });

describe('loading configuration from the environment', () => {
  it('when only the required variables are set, then the defaults are typed values', () => {
    const config = loadConfig(schema, { NATS_URL: 'nats://localhost:4222' });

    expect(config).toMatchObject({
      EVENT_BUS: 'jetstream',
      EVENT_MAX_DELIVERIES: 10,
      FEATURE: false,
    });
  });

  it('when a boolean is "1", then it is true', () => {
    expect(loadConfig(schema, { NATS_URL: 'nats://x', FEATURE: '1' }).FEATURE).toBe(true);
  });

  it('when STAN_MONITOR_URL is absent, then no backlog is read; when it is not an http(s) URL, then the config is refused', () => {
    expect(loadConfig(schema, { NATS_URL: 'nats://x' }).STAN_MONITOR_URL).toBeUndefined();
    expect(
      loadConfig(schema, { NATS_URL: 'nats://x', STAN_MONITOR_URL: 'http://stan:8222' })
        .STAN_MONITOR_URL,
    ).toBe('http://stan:8222');
    expect(() =>
      loadConfig(schema, { NATS_URL: 'nats://x', STAN_MONITOR_URL: 'nats://stan:4222' }),
    ).toThrow(/STAN_MONITOR_URL is invalid/);
  });

  it('when several variables are wrong, then one error names each of them', () => {
    const load = () => loadConfig(schema, { EVENT_BUS: 'kafka', EVENT_MAX_DELIVERIES: '0' });

    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/NATS_URL is required/);
    expect(load).toThrow(/EVENT_BUS is invalid/);
    expect(load).toThrow(/EVENT_MAX_DELIVERIES is invalid/);
  });
});
