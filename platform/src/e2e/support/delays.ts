import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const measured: Record<string, number[]> = {};

export function recordDelay(name: string, ms: number): void {
  (measured[name] ??= []).push(ms);
}

/** Prints the measured delays and keeps them under test-output/ (not committed). */
export function reportDelays(file: string): void {
  const lines = Object.entries(measured).map(
    ([name, values]) => `  ${name}: ${values.map((v) => `${v} ms`).join(', ')}`,
  );
  if (lines.length === 0) return;
  process.stdout.write(`\nMeasured delays (${file}):\n${lines.join('\n')}\n`);
  const dir = path.resolve(__dirname, '../../../../test-output');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `e2e-delays-${file}.json`), JSON.stringify(measured, null, 2));
}
