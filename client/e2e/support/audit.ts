import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { AxeResults, Result } from 'axe-core';

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const cspReports = new WeakMap<Page, string[]>();

/** Records what the site's Content-Security-Policy blocks on this page (Chromium logs each one). */
export function watchContentSecurityPolicy(page: Page): void {
  const reports: string[] = [];
  cspReports.set(page, reports);
  page.on('console', (message) => {
    if (message.type() === 'error' && message.text().includes('Content Security Policy')) {
      reports.push(message.text());
    }
  });
}

/**
 * Checks the page as it is now: axe-core finds no accessibility violation, and the site's
 * Content-Security-Policy has blocked nothing since the page was opened (so the policy and the
 * pages agree). axe's source is evaluated through the DevTools protocol, like any Playwright
 * `evaluate`, so it never adds a <script> of its own to the page under test.
 */
export async function auditPage(page: Page): Promise<void> {
  // Next.js streams a page's metadata after its body: audit the page once its title has arrived.
  await page.waitForFunction(() => document.title !== '');
  await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(() =>
    (window as unknown as { axe: { run: () => Promise<AxeResults> } }).axe.run(),
  );
  expect({ url: page.url(), violations: results.violations.map(describe) }).toEqual({
    url: page.url(),
    violations: [],
  });
  expect({ url: page.url(), blocked: cspReports.get(page) ?? [] }).toEqual({
    url: page.url(),
    blocked: [],
  });
}

function describe(violation: Result): string {
  const where = violation.nodes.map((node) => node.target.join(' ')).join(', ');
  return `${violation.id} (${violation.impact}): ${violation.help} — ${where}`;
}
