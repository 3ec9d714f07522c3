import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import mongoose from 'mongoose';
import { databaseUrl } from '../infrastructure';
import { startPlatform } from '../start-platform';
import { startServer, summarise, type Row } from './measure';
import { describeUsage, ProcessMeter } from './processes';

// `npm run bench -- catalog`: the catalog with BENCH_CATALOG_TICKETS tickets (default 100,000).
const RESULTS_DIR = path.resolve(__dirname, '../../../bench/results');
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const TICKETS = Number(process.env.BENCH_CATALOG_TICKETS ?? 100_000);
const DAY_MS = 24 * 60 * 60_000;

const log = (line: string) => process.stdout.write(`${line}\n`);

const CITIES = [
  'London',
  'Paris',
  'Berlin',
  'Zürich',
  'Málaga',
  'Kraków',
  'Leeds',
  'York',
  'Lyon',
  'Köln',
  'Porto',
  'Dublin',
  'Oslo',
  'Göteborg',
  'Wien',
  'Praha',
  'Sevilla',
  'Bordeaux',
  'Glasgow',
  'Gent',
];
const CATEGORIES = ['concert', 'sports', 'theatre', 'comedy', 'festival', 'other'];
const WORDS = [
  'symphony',
  'quartet',
  'derby',
  'final',
  'jazz',
  'opera',
  'ballet',
  'rock',
  'blues',
  'stand-up',
  'festival',
  'orchestra',
  'cup',
  'league',
  'gala',
  'premiere',
  'tour',
  'acoustic',
  'night',
  'matinée',
  'choir',
  'piano',
  'electro',
  'folk',
  'cabaret',
  'musical',
  'marathon',
  'boxing',
  'tennis',
  'rugby',
];
const VENUES = ['Arena', 'Hall', 'Stadium', 'Théâtre', 'Club', 'Opera House', 'Park', 'Palace'];

/** A repeatable pseudo-random sequence, so every run seeds the same catalog. */
function sequence(seed: number) {
  let state = seed;
  return (n: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    // From the high bits: this generator's low bits repeat with short periods (taken modulo n, they
    // put 98 % of the tickets in 5 of the 20 cities).
    return Math.floor((state / 2 ** 31) * n);
  };
}

/** Tickets as the catalog's database holds them (the read model its listener writes). */
function seedDocuments(count: number) {
  const pick = sequence(42);
  const now = Date.now();
  const statuses = [
    'on-sale',
    'on-sale',
    'on-sale',
    'on-sale',
    'on-sale',
    'on-sale',
    'on-sale',
    'on-sale',
    'reserved',
    'sold',
  ];
  return Array.from({ length: count }, (_, i) => {
    const city = CITIES[pick(CITIES.length)]!;
    const title = `${WORDS[pick(WORDS.length)]} ${WORDS[pick(WORDS.length)]} ${i}`;
    return {
      _id: `bench-${i}`,
      version: 0,
      title,
      price: 10 + pick(290),
      status: statuses[pick(statuses.length)],
      listedAt: new Date(now - pick(90) * DAY_MS).toISOString(),
      eventAt: new Date(now + (1 + pick(365)) * DAY_MS + pick(DAY_MS)).toISOString(),
      venue: `${city} ${VENUES[pick(VENUES.length)]}`,
      city,
      category: CATEGORIES[pick(CATEGORIES.length)],
      section: `S${pick(20)}`,
      row: String.fromCharCode(65 + pick(20)),
      seat: String(1 + pick(40)),
      description: `${WORDS[pick(WORDS.length)]} with ${WORDS[pick(WORDS.length)]}, an evening to remember`,
    };
  });
}

/** What people browse: a city and a category, sometimes a price cap or a month, sorted, the first pages. */
function filteredPages(count: number): string[] {
  const pick = sequence(7);
  const sorts = ['soonest', 'price-asc', 'price-desc', 'newest'];
  return Array.from({ length: count }, () => {
    const parts = [
      `city=${encodeURIComponent(CITIES[pick(CITIES.length)]!)}`,
      `category=${CATEGORIES[pick(CATEGORIES.length)]}`,
      `sort=${sorts[pick(sorts.length)]}`,
      `page=${1 + pick(3)}`,
    ];
    if (pick(2) === 0) parts.push(`maxPrice=${50 + pick(200)}`);
    if (pick(3) === 0) {
      const from = new Date(Date.now() + pick(300) * DAY_MS);
      parts.push(`from=${from.toISOString().slice(0, 10)}`);
      parts.push(`to=${new Date(from.getTime() + 30 * DAY_MS).toISOString().slice(0, 10)}`);
    }
    return `/api/catalog?${parts.join('&')}`;
  });
}

/** Two or three words, the last one typed halfway (a prefix), sometimes with a city. */
function textQueries(count: number): string[] {
  const pick = sequence(11);
  return Array.from({ length: count }, () => {
    const words = [WORDS[pick(WORDS.length)]!];
    if (pick(2) === 0) words.push(CITIES[pick(CITIES.length)]!.toLowerCase());
    const last = WORDS[pick(WORDS.length)]!;
    words.push(last.slice(0, Math.max(2, Math.ceil(last.length / 2))));
    return `/api/catalog?q=${encodeURIComponent(words.join(' '))}`;
  });
}

async function seedCatalog(mongoUrl: string): Promise<number> {
  const started = Date.now();
  const connection = await mongoose.createConnection(databaseUrl(mongoUrl, 'catalog')).asPromise();
  try {
    const tickets = connection.collection('catalog_tickets');
    const documents = seedDocuments(TICKETS);
    for (let i = 0; i < documents.length; i += 2_000) {
      await tickets.insertMany(documents.slice(i, i + 2_000) as never[], { ordered: false });
    }
  } finally {
    await connection.close();
  }
  return Date.now() - started;
}

export async function benchCatalog(): Promise<void> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const platform = await startPlatform({
    port: 0,
    env: { LOG_LEVEL: 'warn' },
    log: () => {},
  });
  const baseline = await startServer('baseline-server.js');
  const meter = new ProcessMeter();
  const rows: Row[] = [];
  const notes: string[] = [];
  try {
    log(`seeding the catalog's database with ${TICKETS} tickets…`);
    notes.push(
      `seeded ${TICKETS} tickets into the catalog's database in ${await seedCatalog(platform.mongoUrl)} ms`,
    );
    log('a fresh catalog replica catching up on them…');
    await platform.halt('catalog');
    const restarted = Date.now();
    await platform.resume('catalog');
    notes.push(
      `a fresh replica was ready (loaded and caught up) ${Date.now() - restarted} ms after it was started`,
    );
    const all = await fetch(`${platform.url}/api/catalog?status=all&pageSize=1`);
    const { total } = (await all.json()) as { total: number };
    meter.begin();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const rss = meter.end().find((usage) => usage.name === 'catalog')?.rssMb;
    notes.push(`it then held ${total} tickets; its RSS: ${rss} MB`);

    const run = (options: autocannon.Options) =>
      autocannon({ connections: CONNECTIONS, duration: DURATION_SECONDS, ...options });
    log('the bare Express baseline…');
    const baselineRow = summarise('bare Express (baseline)', await run({ url: baseline.url }));
    rows.push(baselineRow);
    const pages = filteredPages(500);
    log(`a filtered, sorted page (${pages.length} different ones)…`);
    meter.begin();
    rows.push(
      summarise(
        `GET /api/catalog filtered and sorted (${TICKETS} tickets, ${pages.length} queries)`,
        await run({ url: platform.url, requests: pages.map((p) => ({ method: 'GET', path: p })) }),
      ),
    );
    notes.push(`CPU during the filtered pages, % of one core: ${describeUsage(meter.end())}`);
    const texts = textQueries(500);
    log(`full-text queries (${texts.length} different ones)…`);
    rows.push(
      summarise(
        `GET /api/catalog?q= full text (${TICKETS} tickets, ${texts.length} queries)`,
        await run({ url: platform.url, requests: texts.map((p) => ({ method: 'GET', path: p })) }),
      ),
    );
    for (const row of rows) {
      row.ratioToBaseline =
        Math.round((row.requestsPerSecond / baselineRow.requestsPerSecond) * 1000) / 10;
    }
  } finally {
    await baseline.stop();
    await platform.stop();
  }
  const table = [
    `Catalog benchmark of ${new Date().toISOString()} (${CONNECTIONS} connections, ${DURATION_SECONDS} s each, Node ${process.version})`,
    '',
    '| scenario | req/s | % of bare Express | p50 ms | p99 ms | errors |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.name} | ${r.requestsPerSecond} | ${r.ratioToBaseline}% | ${r.p50Ms} | ${r.p99Ms} | ${r.errors} |`,
    ),
    '',
    ...notes.map((note) => `- ${note}`),
  ].join('\n');
  writeFileSync(path.join(RESULTS_DIR, 'catalog.json'), JSON.stringify({ rows, notes }, null, 2));
  writeFileSync(path.join(RESULTS_DIR, 'catalog.md'), `${table}\n`);
  log(`\n${table}`);
}
