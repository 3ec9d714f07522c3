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

describe('the crash-loop rule', () => {
  it('when a running service is killed six times within the restart window, then the runner gives up on it and stops everything', async () => {
    const lines: string[] = [];
    const platform = await startPlatform({
      port: 0,
      // Wide enough for five restarts on a busy machine (the default is a minute).
      restartWindowMs: 600_000,
      env: { LOG_LEVEL: 'warn' },
      log: (line) => lines.push(line),
    });
    try {
      // Five kills are restarted; the sixth within the window is one too many.
      for (let kill = 1; kill <= 5; kill++) {
        await platform.kill('expiration', 'SIGKILL');
        await platform.waitReady('expiration');
      }
      await platform.kill('expiration', 'SIGKILL');

      await expect(platform.failed).rejects.toThrow(
        /^expiration crashed 6 times within 600 s: expiration was killed by SIGKILL/,
      );
      expect(lines).toContain('runner     | expiration keeps crashing; stopping everything');
      expect(lines.filter((l) => l === 'runner     | restarting expiration')).toHaveLength(5);
    } finally {
      await platform.stop();
    }
  }, 240_000);
});
