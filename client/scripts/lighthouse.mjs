// Page speed: Lighthouse on the built site, as `npm start` runs it, in Debian's Chromium (offline).
// Starts the platform, seeds it through the API (a seller with tickets, a buyer with an order), then
// audits the home page, a ticket page, /orders (signed in) and sign-in with Lighthouse's phone
// profile (its default: a mid-range phone, throttled CPU and network) and its desktop profile.
// Writes test-output/lighthouse/results.json and results.md. Build first: `npm run build`.
//
//   npm run lighthouse -w client            LIGHTHOUSE_URL=http://… uses a running platform instead
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { startPlatform } from '@ticketing/platform';

const OUTPUT = path.resolve(fileURLToPath(import.meta.url), '../../../test-output/lighthouse');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
/** The issue's targets (#16): performance score, cumulative layout shift, total blocking time. */
const TARGETS = { performance: 95, cls: 0.05, tbtMs: 200 };
const PROFILES = [
  { name: 'phone', config: undefined },
  { name: 'desktop', config: desktopConfig },
];

const platform = process.env.LIGHTHOUSE_URL
  ? undefined
  : await startPlatform({ port: 0, env: { LOG_LEVEL: 'warn' }, log: () => {} });
const base = process.env.LIGHTHOUSE_URL ?? platform.url;
const chrome = await chromeLauncher.launch({
  chromePath: CHROMIUM,
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run'],
});

try {
  const { ticketId, buyerCookie } = await seed(base);
  const pages = [
    { name: 'home', path: '/' },
    { name: 'ticket', path: `/tickets/${ticketId}` },
    { name: 'orders (signed in)', path: '/orders', cookie: buyerCookie },
    { name: 'sign-in', path: '/auth/signin' },
  ];
  const results = [];
  for (const page of pages) {
    for (const profile of PROFILES) {
      console.log(`lighthouse: ${page.name}, ${profile.name}…`);
      results.push(await audit(page, profile));
    }
  }
  mkdirSync(OUTPUT, { recursive: true });
  const report = { measuredAt: new Date().toISOString(), targets: TARGETS, results };
  writeFileSync(path.join(OUTPUT, 'results.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(path.join(OUTPUT, 'results.md'), markdown(report));
  console.log(markdown(report));
} finally {
  chrome.kill();
  await platform?.stop();
}

async function audit(page, profile) {
  const { lhr } = await lighthouse(
    new URL(page.path, base).href,
    {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: CATEGORIES,
      extraHeaders: page.cookie ? { cookie: page.cookie } : undefined,
    },
    profile.config,
  );
  const score = (category) => Math.round((lhr.categories[category]?.score ?? 0) * 100);
  const metric = (id) => lhr.audits[id]?.numericValue ?? null;
  const result = {
    page: page.name,
    path: page.path.startsWith('/tickets/') ? '/tickets/:id' : page.path,
    profile: profile.name,
    performance: score('performance'),
    accessibility: score('accessibility'),
    bestPractices: score('best-practices'),
    seo: score('seo'),
    fcpMs: round(metric('first-contentful-paint')),
    lcpMs: round(metric('largest-contentful-paint')),
    tbtMs: round(metric('total-blocking-time')),
    cls: Math.round((metric('cumulative-layout-shift') ?? 0) * 1000) / 1000,
    holdsBack: holdsBack(lhr),
  };
  result.meetsTargets =
    result.performance >= TARGETS.performance &&
    result.cls < TARGETS.cls &&
    result.tbtMs < TARGETS.tbtMs;
  return result;
}

/** The performance audits that cost the most (Lighthouse's own estimate of the time they would save). */
function holdsBack(lhr) {
  return lhr.categories.performance.auditRefs
    .map((ref) => lhr.audits[ref.id])
    .filter((a) => a && a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== 'informative')
    .map((a) => ({
      audit: a.id,
      title: a.title,
      shown: a.displayValue ?? '',
      savingsMs: round(a.metricSavings?.LCP ?? a.metricSavings?.FCP ?? a.metricSavings?.TBT ?? 0),
    }))
    .sort((a, b) => b.savingsMs - a.savingsMs)
    .slice(0, 4);
}

function round(value) {
  return value === null ? null : Math.round(value);
}

/** A seller with a page of tickets (so the home page is full), and a buyer holding an order. */
async function seed(url) {
  const seller = await signUp(url, 'lighthouse-seller');
  const buyer = await signUp(url, 'lighthouse-buyer');
  const eventAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
  const ticketIds = [];
  for (let i = 1; i <= 30; i += 1) {
    const ticket = await send(url, '/api/tickets', seller, {
      title: `Lighthouse test concert ${i}`,
      price: 20 + i,
      eventAt,
      venue: 'Royal Albert Hall',
      city: 'London',
      category: 'concert',
    });
    ticketIds.push(ticket.id);
  }
  await orderOnceKnown(url, buyer, ticketIds[0]);
  // The ticket page audited is one still on sale, as most visitors see one.
  return { ticketId: ticketIds.at(-1), buyerCookie: buyer };
}

/** The orders service learns of a new ticket through an event: a 404 is retried meanwhile. */
async function orderOnceKnown(url, cookie, ticketId) {
  for (let attempt = 0; attempt < 40; attempt += 1) {
    const res = await fetch(new URL('/api/orders', url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ ticketId }),
    });
    if (res.status === 201) return;
    if (res.status !== 404) throw new Error(`POST /api/orders answered ${res.status}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('the orders service never learned of the seeded ticket');
}

async function signUp(url, name) {
  const email = `${name}-${Date.now().toString(36)}@example.com`;
  const res = await fetch(new URL('/api/users/signup', url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'lighthouse password' }),
  });
  if (res.status !== 201) throw new Error(`sign-up answered ${res.status}`);
  const session = res.headers.getSetCookie().find((c) => c.startsWith('session='));
  return session.split(';')[0];
}

async function send(url, route, cookie, body) {
  const res = await fetch(new URL(route, url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`POST ${route} answered ${res.status}: ${await res.text()}`);
  return res.json();
}

function markdown({ measuredAt, results }) {
  const lines = [
    `Lighthouse ${measuredAt} (targets: performance ≥ ${TARGETS.performance}, CLS < ${TARGETS.cls}, TBT < ${TARGETS.tbtMs} ms)`,
    '',
    '| page | profile | perf | a11y | best pr. | SEO | FCP ms | LCP ms | TBT ms | CLS | targets |',
    '| ---- | ------- | ---: | ---: | -------: | --: | -----: | -----: | -----: | --: | ------- |',
    ...results.map(
      (r) =>
        `| ${r.path} | ${r.profile} | ${r.performance} | ${r.accessibility} | ${r.bestPractices} | ${r.seo} | ${r.fcpMs} | ${r.lcpMs} | ${r.tbtMs} | ${r.cls} | ${r.meetsTargets ? 'met' : 'missed'} |`,
    ),
    '',
    'What holds each page back (audits under 0.9, largest estimated saving first):',
    '',
    ...results.map(
      (r) =>
        `- ${r.path}, ${r.profile}: ${
          r.holdsBack.length === 0
            ? 'nothing flagged'
            : r.holdsBack.map((a) => `${a.title}${a.shown ? ` (${a.shown})` : ''}`).join('; ')
        }`,
    ),
    '',
  ];
  return lines.join('\n');
}
