import { randomBytes } from 'node:crypto';
import type { CatalogPage } from '@ticketing/common/api';
import { startPlatform, type Platform } from '../start-platform';
import { recordDelay, reportDelays } from './support/delays';
import { Shopper, signedUp } from './support/shopper';
import { e2eLog } from './support/e2e-log';

// The platform as separate processes behind the gateway; the catalog is read through /api/catalog.
let platform: Platform;
beforeAll(async () => {
  platform = await startPlatform({
    port: 0,
    env: { LOG_LEVEL: 'warn', AUTH_RATE_LIMIT_MAX: '100000' },
    log: e2eLog,
  });
}, 120_000);
afterAll(async () => {
  await platform?.stop();
  reportDelays('catalog');
});

const DAY_MS = 24 * 60 * 60_000;
/** Letters only, so that it is one word to the search: each test's tickets are found by it alone. */
const uniqueWord = () =>
  `w${[...randomBytes(8)].map((byte) => String.fromCharCode(97 + (byte % 26))).join('')}`;

interface Listing {
  title: string;
  price: number;
  city: string;
  category: string;
  inDays: number;
  venue?: string;
}

async function list(seller: Shopper, listing: Listing): Promise<string> {
  const { inDays, ...details } = listing;
  const res = await seller.call('POST', '/api/tickets', {
    venue: 'Town Hall',
    ...details,
    eventAt: new Date(Date.now() + inDays * DAY_MS).toISOString(),
  });
  if (res.status !== 201)
    throw new Error(`listing failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

async function browse(query: string): Promise<CatalogPage> {
  const res = await new Shopper(platform.url).call<CatalogPage>('GET', `/api/catalog?${query}`);
  if (res.status !== 200)
    throw new Error(`browsing failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Polls the catalog every 10 ms until `done` holds; returns how long it took. */
async function untilCatalog(
  query: string,
  done: (page: CatalogPage) => boolean,
  timeoutMs = 10_000,
): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (done(await browse(query))) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`the catalog never matched for ${query}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const idsOf = (page: CatalogPage) => page.items.map((item) => item.id);

describe('browsing the catalog through the gateway', () => {
  it('when tickets are listed, then words, filters, facets, sorts and pages find them', async () => {
    const [seller] = await signedUp(platform.url, 1);
    const word = uniqueWord();
    const north = `${word}ton`;
    const south = `${word}ford`;
    const listings: Listing[] = [
      { title: `Café ${word} quartet`, price: 30, city: north, category: 'concert', inDays: 3 },
      { title: `${word} derby`, price: 55, city: north, category: 'sports', inDays: 1 },
      { title: `${word} cup final`, price: 80, city: south, category: 'sports', inDays: 9 },
      { title: `${word} stand-up`, price: 15, city: south, category: 'comedy', inDays: 5 },
      { title: `${word} symphony`, price: 45, city: south, category: 'concert', inDays: 7 },
    ];
    const ids: string[] = [];
    for (const listing of listings) ids.push(await list(seller!, listing));
    const listedAt = Date.now();
    await untilCatalog(`q=${word}`, (page) => page.total === listings.length);
    recordDelay('ticket listed -> in the catalog', Date.now() - listedAt);
    const [quartet, derby, final, standUp, symphony] = ids;

    // Words: accents and case do not matter, the last word matches as a prefix.
    expect(idsOf(await browse(`q=${encodeURIComponent(`CAFE ${word}`)}`))).toEqual([quartet]);
    expect(idsOf(await browse(`q=${word}+sym`))).toEqual([symphony]);

    // Sorts.
    expect(idsOf(await browse(`q=${word}`))).toEqual([derby, quartet, standUp, symphony, final]);
    expect(idsOf(await browse(`q=${word}&sort=price-asc`))).toEqual([
      standUp,
      quartet,
      symphony,
      derby,
      final,
    ]);
    expect(idsOf(await browse(`q=${word}&sort=price-desc`))[0]).toBe(final);
    expect(idsOf(await browse(`q=${word}&sort=newest`))[0]).toBe(symphony);

    // Filters, and the facets of each counted under the other filters.
    const filtered = await browse(`q=${word}&city=${south}&category=concert`);
    expect(idsOf(filtered)).toEqual([symphony]);
    // Most frequent first; equal counts by value (…ford before …ton).
    expect(filtered.facets.city).toEqual([
      { value: south, count: 1 },
      { value: north, count: 1 },
    ]);
    expect(filtered.facets.category).toEqual([
      { value: 'comedy', count: 1 },
      { value: 'concert', count: 1 },
      { value: 'sports', count: 1 },
    ]);
    expect(idsOf(await browse(`q=${word}&category=sports&category=comedy&maxPrice=60`))).toEqual([
      derby,
      standUp,
    ]);
    const from = new Date(Date.now() + 2 * DAY_MS).toISOString();
    const to = new Date(Date.now() + 6 * DAY_MS).toISOString();
    expect(idsOf(await browse(`q=${word}&from=${from}&to=${to}`))).toEqual([quartet, standUp]);

    // Pages.
    const pages = await Promise.all(
      [1, 2, 3].map((page) => browse(`q=${word}&pageSize=2&page=${page}`)),
    );
    expect(pages.flatMap(idsOf)).toEqual([derby, quartet, standUp, symphony, final]);
    expect(pages.map((page) => page.total)).toEqual([5, 5, 5]);
    expect((await browse(`q=${word}&pageSize=2&page=4`)).items).toEqual([]);
  });

  it('when a ticket is reserved, then it leaves the results within a second, and once sold it is shown only with status=all', async () => {
    const [seller, buyer] = await signedUp(platform.url, 2);
    const word = uniqueWord();
    const id = await list(seller!, {
      title: `${word} gala`,
      price: 20,
      city: `${word}by`,
      category: 'theatre',
      inDays: 4,
    });
    await untilCatalog(`q=${word}`, (page) => idsOf(page).includes(id));

    const { order } = await buyer!.orderWhenAvailable(id);
    const leftInMs = await untilCatalog(`q=${word}`, (page) => page.total === 0);
    recordDelay('ticket reserved -> out of the catalog', leftInMs);

    const paid = await buyer!.payWhenKnown(order.id, 'tok_visa');
    expect(paid.status).toBe(201);
    await untilCatalog(`q=${word}&status=all`, (page) => page.items[0]?.status === 'sold');

    expect(leftInMs).toBeLessThan(1_000);
    expect((await browse(`q=${word}`)).total).toBe(0);
  });

  it('when a parameter is bad, then the gateway passes on the 400 naming it', async () => {
    const res = await new Shopper(platform.url).call('GET', '/api/catalog?sort=cheapest');

    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('sort');
  });
});
