// `npm test`: builds every workspace, then runs each workspace's jest suite in turn (two cores: one
// suite at a time, each with its own workers), printing one summary line per workspace and a total.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const rootPackage = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const only = process.argv.slice(2);

function run(command, args, options = {}) {
  return spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
}

const build = run('npm', ['run', 'build', '--silent']);
if (build.status !== 0) {
  console.error('test: the build failed; no tests were run');
  process.exit(1);
}

const outputDir = mkdtempSync(path.join(tmpdir(), 'ticketing-test-'));
const summaries = [];
let passed = 0;
let failed = 0;
let broken = false;

for (const workspace of rootPackage.workspaces) {
  if (only.length > 0 && !only.includes(workspace)) continue;
  const manifest = JSON.parse(readFileSync(path.join(root, workspace, 'package.json'), 'utf8'));
  if (!manifest.scripts?.test) continue;
  // Each jest config of the workspace (e.g. unit tests, then browser tests), summed into one line.
  const configs = readdirSync(path.join(root, workspace))
    .filter((f) => /^jest(\..+)?\.config\.js$/.test(f))
    .sort((a, b) => a.length - b.length);
  const started = Date.now();
  const totals = { passed: 0, failed: 0, total: 0, failedSuites: 0 };
  let workspaceBroken = false;
  for (const config of configs) {
    const outputFile = path.join(outputDir, `${workspace}-${config}.json`);
    const result = run(
      'npx',
      ['jest', '-c', config, '--ci', '--json', '--outputFile', outputFile],
      {
        cwd: path.join(root, workspace),
      },
    );
    let report;
    try {
      report = JSON.parse(readFileSync(outputFile, 'utf8'));
    } catch {
      report = undefined;
    }
    if (!report || report.numTotalTests === 0 || result.status !== 0) workspaceBroken = true;
    if (!report) continue;
    totals.passed += report.numPassedTests;
    totals.failed += report.numFailedTests;
    totals.total += report.numTotalTests;
    totals.failedSuites += report.numFailedTestSuites;
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  passed += totals.passed;
  failed += totals.failed;
  if (workspaceBroken || totals.total === 0) broken = true;
  const suiteFailures = totals.failedSuites > 0 ? `, ${totals.failedSuites} suites failed` : '';
  const noResults = totals.total === 0 ? ' (no test results)' : '';
  summaries.push(
    `${workspace}: ${totals.passed} passed, ${totals.failed} failed${suiteFailures}${noResults} in ${seconds} s`,
  );
}
rmSync(outputDir, { recursive: true, force: true });

console.log('\nSummary');
for (const line of summaries) console.log(`  ${line}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(broken || failed > 0 ? 1 : 0);
