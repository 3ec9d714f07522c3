/**
 * Where a test's platform writes its lines: the runner's own (a crash, a restart, a process that
 * keeps crashing and stops everything) always reach the test's output, so a failure caused by one
 * shows its cause in CI; the services' lines only with E2E_VERBOSE.
 */
export function e2eLog(line: string): void {
  if (process.env.E2E_VERBOSE || line.startsWith('runner ')) process.stderr.write(`${line}\n`);
}
