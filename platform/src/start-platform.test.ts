import { startPlatform } from './start-platform';

describe('the platform runner', () => {
  it('when a service keeps crashing, then the runner says which and why, and stops everything', async () => {
    const lines: string[] = [];

    const starting = startPlatform({
      port: 0,
      env: { LOG_LEVEL: 'warn', PAYMENTS_PROVIDER: 'no-such-provider' },
      log: (line) => lines.push(line),
    });

    await expect(starting).rejects.toThrow(/payments/);
    const output = lines.join('\n');
    expect(output).toMatch(
      /runner {5}\| payments exited \(code 1\) before becoming ready \(last output: /,
    );
    expect(output).toContain('PAYMENTS_PROVIDER is invalid');
    expect(output).toMatch(/payments keeps crashing; stopping everything/);
  });
});
