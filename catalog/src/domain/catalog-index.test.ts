import { TicketStatus } from '@ticketing/common';
import type { CatalogPage } from '@ticketing/common/api';
import { catalogQuery, catalogTicket, daysFromNow } from '../test/catalog-fixtures';
import { CatalogIndex, MAX_FACET_VALUES } from './catalog-index';
import type { CatalogQuery } from './catalog-query';
import { knownCategory, type CatalogTicket } from './catalog-ticket';
import { foldText } from './text';
import { wordsOf } from './word-index';

function indexOf(...tickets: CatalogTicket[]): CatalogIndex {
  const index = new CatalogIndex();
  for (const ticket of tickets) index.apply(ticket);
  return index;
}

const idsOf = (index: CatalogIndex, query: Parameters<typeof catalogQuery>[0] = {}) =>
  index.search(catalogQuery(query)).items.map((item) => item.id);

describe('searching the catalog by words', () => {
  const opera = catalogTicket({
    title: 'Tosca at the opera',
    venue: 'Opéra Bastille',
    city: 'Paris',
    description: 'Puccini, sung in Italian',
  });
  const match = catalogTicket({ title: 'Cup final', venue: 'Wembley Stadium', city: 'London' });
  const cabaret = catalogTicket({ title: 'Cabaret night', venue: 'Kit Kat Club', city: 'Zürich' });
  const index = indexOf(opera, match, cabaret);

  it('when the words differ in case and accents from the ticket, then it is found', () => {
    expect(idsOf(index, { text: 'OPERA bastille' })).toEqual([opera.id]);
    expect(idsOf(index, { text: 'zurich' })).toEqual([cabaret.id]);
    expect(idsOf(index, { text: 'ZÜRICH' })).toEqual([cabaret.id]);
  });

  it('when the last word is the start of a word, then it matches as a prefix, and earlier words do not', () => {
    expect(idsOf(index, { text: 'wemb' })).toEqual([match.id]);
    expect(idsOf(index, { text: 'cup fin' })).toEqual([match.id]);
    expect(idsOf(index, { text: 'cu final' })).toEqual([]);
  });

  it('when several words are given, then only tickets with every one of them match', () => {
    expect(idsOf(index, { text: 'puccini paris' })).toEqual([opera.id]);
    expect(idsOf(index, { text: 'puccini london' })).toEqual([]);
  });

  it('when a word is only in the venue, the city or the description, then it is found', () => {
    expect(idsOf(index, { text: 'kat' })).toEqual([cabaret.id]);
    expect(idsOf(index, { text: 'london' })).toEqual([match.id]);
    expect(idsOf(index, { text: 'italian' })).toEqual([opera.id]);
  });

  it("when a ticket's title changes, then it is found by the new words only", () => {
    const renamed = catalogTicket({ title: 'Swan Lake' });
    const own = indexOf(renamed);
    own.apply({ ...renamed, version: 1, title: 'The Nutcracker' });

    expect(idsOf(own, { text: 'swan' })).toEqual([]);
    expect(idsOf(own, { text: 'nutcracker' })).toEqual([renamed.id]);
  });
});

describe('which tickets the catalog shows', () => {
  it('when a ticket is reserved, sold, or its event is past, then only status=all shows it', () => {
    const onSale = catalogTicket();
    const reserved = catalogTicket({ status: TicketStatus.Reserved });
    const sold = catalogTicket({ status: TicketStatus.Sold });
    const past = catalogTicket({ eventAt: daysFromNow(-1) });
    const undated = catalogTicket({ eventAt: undefined });
    const index = indexOf(onSale, reserved, sold, past, undated);

    expect(idsOf(index).sort()).toEqual([onSale.id, undated.id].sort());
    expect(index.search(catalogQuery({ status: 'all' })).total).toBe(5);
  });

  it('when an event of another release names an unknown category, then it is shown as other', () => {
    const index = indexOf(catalogTicket({ category: 'circus' }));

    const page = index.search(catalogQuery());

    expect(page.items[0]?.category).toBe('other');
    expect(page.facets.category).toEqual([{ value: 'other', count: 1 }]);
  });
});

describe('applying ticket states in any order', () => {
  it('when an older or repeated version arrives after a newer one, then it changes nothing', () => {
    const ticket = catalogTicket({ price: 10 });
    const index = indexOf({ ...ticket, version: 2, price: 30 });

    expect(index.apply({ ...ticket, version: 1, price: 20 })).toBe(false);
    expect(index.apply({ ...ticket, version: 2, price: 99 })).toBe(false);
    expect(index.applyAll([{ ...ticket, version: 0 }])).toBe(0);

    expect(index.get(ticket.id)).toMatchObject({ version: 2, price: 30 });
    expect(index.search(catalogQuery({ sort: 'price-asc' })).items).toHaveLength(1);
  });

  it('when a version skips some, then it applies: every event carries the full state', () => {
    const ticket = catalogTicket();
    const index = indexOf(ticket);

    expect(index.apply({ ...ticket, version: 5, status: TicketStatus.Sold })).toBe(true);

    expect(idsOf(index)).toEqual([]);
  });
});

describe('filters and their facets', () => {
  const leedsConcert = catalogTicket({ city: 'Leeds', category: 'concert', price: 20 });
  const leedsSports = catalogTicket({ city: 'Leeds', category: 'sports', price: 60 });
  const yorkConcert = catalogTicket({ city: 'York', category: 'concert', price: 35 });
  // Spelled otherwise than York's concert: a city's facet shows the spelling most counted tickets have.
  const yorkComedy = catalogTicket({
    city: 'york',
    category: 'comedy',
    price: 15,
    eventAt: daysFromNow(31),
  });
  const index = indexOf(leedsConcert, leedsSports, yorkConcert, yorkComedy);

  it('when a city is chosen, then the city facet still counts every city under the other filters', () => {
    const page = index.search(catalogQuery({ cities: ['York'], categories: ['concert'] }));

    expect(page.items.map((item) => item.id)).toEqual([yorkConcert.id]);
    expect(page.total).toBe(1);
    expect(page.facets.city).toEqual([
      { value: 'Leeds', count: 1 },
      { value: 'York', count: 1 },
    ]);
    expect(page.facets.category).toEqual([
      { value: 'comedy', count: 1 },
      { value: 'concert', count: 1 },
    ]);
  });

  it('when cities are given in another case, then they match, and several cities or categories widen the choice', () => {
    expect(idsOf(index, { cities: ['YORK'] }).sort()).toEqual(
      [yorkConcert.id, yorkComedy.id].sort(),
    );
    expect(idsOf(index, { categories: ['sports', 'comedy'] }).sort()).toEqual(
      [leedsSports.id, yorkComedy.id].sort(),
    );
  });

  it('when a price range is given, then the bounds are inclusive', () => {
    expect(idsOf(index, { minPrice: 20, maxPrice: 35 }).sort()).toEqual(
      [leedsConcert.id, yorkConcert.id].sort(),
    );
  });

  it('when a date range is given, then only dated tickets inside it match', () => {
    const soon = catalogTicket({ eventAt: daysFromNow(2) });
    const later = catalogTicket({ eventAt: daysFromNow(20) });
    const undated = catalogTicket({ eventAt: undefined });
    const own = indexOf(soon, later, undated);

    expect(idsOf(own, { from: Date.now(), to: Date.parse(daysFromNow(10)) })).toEqual([soon.id]);
  });

  it('when there are more cities than a facet lists, then the most frequent and the chosen ones are listed', () => {
    const many = Array.from({ length: MAX_FACET_VALUES + 5 }, (_, i) =>
      catalogTicket({ city: `City ${String(i).padStart(3, '0')}` }),
    );
    const extra = catalogTicket({ city: 'City 000' });
    const own = indexOf(...many, extra);

    const facets = own.search(catalogQuery({ cities: ['City 054'] })).facets.city;

    expect(facets).toHaveLength(MAX_FACET_VALUES + 1);
    expect(facets[0]).toEqual({ value: 'City 000', count: 2 });
    expect(facets).toContainEqual({ value: 'City 054', count: 1 });
  });
});

describe('sorting and paging', () => {
  const inTwoDays = catalogTicket({
    eventAt: daysFromNow(2),
    price: 50,
    listedAt: daysFromNow(-3),
  });
  const inOneDay = catalogTicket({ eventAt: daysFromNow(1), price: 10, listedAt: daysFromNow(-1) });
  const undated = catalogTicket({ eventAt: undefined, price: 30, listedAt: daysFromNow(-2) });
  const index = indexOf(inTwoDays, undated, inOneDay);

  it('when sorted soonest, then by event date, with undated tickets last', () => {
    expect(idsOf(index, { sort: 'soonest' })).toEqual([inOneDay.id, inTwoDays.id, undated.id]);
  });

  it('when sorted by price, then cheapest or dearest first', () => {
    expect(idsOf(index, { sort: 'price-asc' })).toEqual([inOneDay.id, undated.id, inTwoDays.id]);
    expect(idsOf(index, { sort: 'price-desc' })).toEqual([inTwoDays.id, undated.id, inOneDay.id]);
  });

  it('when sorted newest, then the latest listed first', () => {
    expect(idsOf(index, { sort: 'newest' })).toEqual([inOneDay.id, undated.id, inTwoDays.id]);
  });

  it('when a ticket changes price, then it moves in the price order', () => {
    const own = indexOf(inTwoDays, undated, inOneDay);
    own.apply({ ...inTwoDays, version: 1, price: 1 });

    expect(idsOf(own, { sort: 'price-asc' })[0]).toBe(inTwoDays.id);
  });

  it('when paging, then pages follow each other without gaps, and a page past the end is empty', () => {
    const tickets = Array.from({ length: 7 }, (_, i) => catalogTicket({ price: 10 + i }));
    const own = indexOf(...tickets);
    const pageOf = (page: number) =>
      own.search(catalogQuery({ sort: 'price-asc', page, pageSize: 3 }));

    expect([1, 2, 3].flatMap((page) => pageOf(page).items.map((item) => item.id))).toEqual(
      tickets.map((ticket) => ticket.id),
    );
    expect(pageOf(3).total).toBe(7);
    expect(pageOf(4).items).toEqual([]);
    expect(pageOf(4).total).toBe(7);
  });

  it('when searching words that match few tickets, then they come in the same order as without words', () => {
    const tickets = Array.from({ length: 40 }, (_, i) =>
      catalogTicket({
        title: i % 10 === 0 ? `Rare show ${i}` : `Common show ${i}`,
        price: 100 - i,
      }),
    );
    const own = indexOf(...tickets);

    const rare = own.search(catalogQuery({ text: 'rare', sort: 'price-desc' })).items;

    expect(rare.map((item) => item.price)).toEqual([100, 90, 80, 70]);
  });
});

describe('city spellings in the facet', () => {
  it('when a city is spelled several ways, then its facet shows the spelling most counted tickets have, the first in code-unit order among equals', () => {
    const index = indexOf(
      catalogTicket({ city: 'york' }),
      catalogTicket({ city: 'York', eventAt: daysFromNow(40) }),
      catalogTicket({ city: 'York', eventAt: daysFromNow(50) }),
      catalogTicket({ city: 'Zürich' }),
      catalogTicket({ city: 'ZÜRICH' }),
    );

    for (const sort of ['soonest', 'price-desc', 'newest'] as const) {
      expect(index.search(catalogQuery({ sort })).facets.city).toEqual([
        { value: 'York', count: 3 },
        { value: 'ZÜRICH', count: 2 },
      ]);
    }
  });
});

describe('tickets whose event passes', () => {
  it('when time moves on between queries, then started events leave the on-sale results, and an earlier time brings them back', () => {
    const now = Date.now();
    const soon = catalogTicket({ eventAt: new Date(now + 60_000).toISOString() });
    const later = catalogTicket({ eventAt: daysFromNow(3) });
    const index = indexOf(soon, later);
    const idsAt = (time: number) => index.search(catalogQuery(), time).items.map((item) => item.id);

    expect(idsAt(now)).toEqual([soon.id, later.id]);
    expect(idsAt(now + 120_000)).toEqual([later.id]);
    index.apply({ ...soon, version: 1, price: 5 });
    expect(idsAt(now + 120_000)).toEqual([later.id]);
    expect(index.search(catalogQuery({ status: 'all' }), now + 120_000).total).toBe(2);
    expect(idsAt(now)).toEqual([soon.id, later.id]);
  });
});

/** A repeatable pseudo-random sequence (mulberry32). */
function randomOf(seed: number) {
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const below = (n: number) => Math.floor(next() * n);
  const pick = <T>(values: readonly T[]): T => values[below(values.length)] as T;
  const some = <T>(values: readonly T[]): T[] => values.filter(() => next() < 0.3);
  return { next, below, pick, some };
}

const HOUR_MS = 60 * 60_000;
const NOW = Date.parse('2030-03-01T12:00:00Z');
const CITIES = ['York', 'york', 'Leeds', 'Zürich', 'Zurich', 'ZURICH', 'Köln', undefined];
const CATEGORIES = ['concert', 'sports', 'theatre', 'comedy', 'circus', undefined];
const WORDS = ['jazz', 'jazzy', 'rock', 'opera', 'gala', 'folk'];
const STATUSES = [
  TicketStatus.OnSale,
  TicketStatus.OnSale,
  TicketStatus.OnSale,
  TicketStatus.Reserved,
  TicketStatus.Sold,
];

function randomTicket(random: ReturnType<typeof randomOf>, id: string, version: number) {
  const eventHours = random.below(4) === 0 ? undefined : random.below(24 * 40) - 24 * 5;
  return catalogTicket({
    id,
    version,
    title: `${random.pick(WORDS)} ${random.pick(WORDS)}`,
    description: random.below(2) === 0 ? undefined : `with ${random.pick(WORDS)}`,
    price: 10 + random.below(30) + (random.below(5) === 0 ? 0.5 : 0),
    status: random.pick(STATUSES),
    listedAt: new Date(NOW - random.below(20) * 24 * HOUR_MS).toISOString(),
    eventAt:
      eventHours === undefined ? undefined : new Date(NOW + eventHours * HOUR_MS).toISOString(),
    city: random.pick(CITIES),
    category: random.pick(CATEGORIES),
  });
}

/** What a query answers by the plain rules: filter every ticket, sort, slice, count. */
function referenceSearch(tickets: CatalogTicket[], query: CatalogQuery, now: number): CatalogPage {
  const eventTime = (ticket: CatalogTicket) =>
    ticket.eventAt === undefined ? Infinity : Date.parse(ticket.eventAt);
  const queryWords = query.text === undefined ? [] : wordsOf(query.text);
  const hasWords = (ticket: CatalogTicket) => {
    const words = wordsOf(
      [ticket.title, ticket.venue, ticket.city, ticket.description].map((f) => f ?? '').join(' '),
    );
    return queryWords.every((word, i) =>
      i === queryWords.length - 1
        ? words.some((own) => own.startsWith(word))
        : words.includes(word),
    );
  };
  const chosenCities = new Set(query.cities.map(foldText));
  const inCities = (t: CatalogTicket) =>
    query.cities.length === 0 || (t.city !== undefined && chosenCities.has(foldText(t.city)));
  const inCategories = (t: CatalogTicket) => {
    const category = knownCategory(t.category);
    return (
      query.categories.length === 0 ||
      (category !== undefined && (query.categories as string[]).includes(category))
    );
  };
  const passing = tickets.filter(
    (t) =>
      (query.status === 'all' || (t.status === TicketStatus.OnSale && eventTime(t) > now)) &&
      hasWords(t) &&
      (query.minPrice === undefined || t.price >= query.minPrice) &&
      (query.maxPrice === undefined || t.price <= query.maxPrice) &&
      (query.from === undefined || eventTime(t) >= query.from) &&
      (query.to === undefined || eventTime(t) <= query.to),
  );
  const byId = (a: CatalogTicket, b: CatalogTicket) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const comparators = {
    soonest: (a: CatalogTicket, b: CatalogTicket) => eventTime(a) - eventTime(b) || byId(a, b),
    'price-asc': (a: CatalogTicket, b: CatalogTicket) => a.price - b.price || byId(a, b),
    'price-desc': (a: CatalogTicket, b: CatalogTicket) => b.price - a.price || byId(b, a),
    newest: (a: CatalogTicket, b: CatalogTicket) =>
      Date.parse(b.listedAt) - Date.parse(a.listedAt) || byId(a, b),
  };
  const results = passing.filter((t) => inCities(t) && inCategories(t));
  results.sort(comparators[query.sort]);
  const first = (query.page - 1) * query.pageSize;

  const facet = (
    values: { key: string; value: string }[],
    chosen: Set<string>,
  ): { value: string; count: number }[] => {
    const byKey = new Map<string, Map<string, number>>();
    for (const { key, value } of values) {
      const spellings = byKey.get(key) ?? new Map<string, number>();
      spellings.set(value, (spellings.get(value) ?? 0) + 1);
      byKey.set(key, spellings);
    }
    const counts = [...byKey].map(([key, spellings]) => {
      const [value] = [...spellings].sort(
        ([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : 1),
      )[0] as [string, number];
      const count = [...spellings.values()].reduce((sum, n) => sum + n, 0);
      return { key, value, count };
    });
    counts.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
    return counts
      .filter((c, rank) => rank < MAX_FACET_VALUES || chosen.has(c.key))
      .map(({ value, count }) => ({ value, count }));
  };
  return {
    items: results.slice(first, first + query.pageSize).map((t) => ({ id: t.id }) as never),
    total: results.length,
    page: query.page,
    pageSize: query.pageSize,
    facets: {
      city: facet(
        passing
          .filter((t) => inCategories(t) && t.city !== undefined)
          .map((t) => ({ key: foldText(t.city as string), value: t.city as string })),
        chosenCities,
      ),
      category: facet(
        passing
          .filter((t) => inCities(t) && knownCategory(t.category) !== undefined)
          .map((t) => ({
            key: knownCategory(t.category) as string,
            value: knownCategory(t.category) as string,
          })),
        new Set(query.categories),
      ),
    },
  };
}

function randomQuery(random: ReturnType<typeof randomOf>, tickets: CatalogTicket[]): CatalogQuery {
  const someTicket = () => random.pick(tickets);
  const someEventTime = () => {
    const eventAt = someTicket().eventAt;
    return eventAt === undefined ? NOW + random.below(24 * 30) * HOUR_MS : Date.parse(eventAt);
  };
  const [low, high] = [someTicket().price, someTicket().price].sort((a, b) => a - b) as [
    number,
    number,
  ];
  const [from, to] = [someEventTime(), someEventTime()].sort((a, b) => a - b) as [number, number];
  const word = random.pick(WORDS);
  const texts = [word, word.slice(0, 2), `${random.pick(WORDS)} ${word.slice(0, 3)}`, 'zz', 'york'];
  return catalogQuery({
    text: random.below(4) === 0 ? random.pick(texts) : undefined,
    cities:
      random.below(2) === 0 ? random.some(['york', 'LEEDS', 'zurich', 'Köln', 'Nowhere']) : [],
    categories:
      random.below(2) === 0 ? random.some(['concert', 'sports', 'other', 'comedy'] as const) : [],
    minPrice: random.below(3) === 0 ? low : undefined,
    maxPrice: random.below(3) === 0 ? high : undefined,
    from: random.below(4) === 0 ? from : undefined,
    to: random.below(4) === 0 ? to : undefined,
    sort: random.pick(['soonest', 'price-asc', 'price-desc', 'newest'] as const),
    page: 1 + random.below(4),
    pageSize: 1 + random.below(12),
    status: random.pick(['on-sale', 'all'] as const),
  });
}

describe('answering as filtering, sorting and counting every ticket would', () => {
  it('when random queries meet a random catalog that keeps changing, then every answer is the plain one', () => {
    const random = randomOf(20_260_101);
    const latest = new Map<string, CatalogTicket>();
    const all = Array.from({ length: 300 }, (_, i) =>
      randomTicket(random, `ticket-${String(i).padStart(3, '0')}`, 0),
    );
    const index = new CatalogIndex();
    index.applyAll(all.slice(0, 200));
    for (const ticket of all.slice(200)) index.apply(ticket);
    for (const ticket of all) latest.set(ticket.id, ticket);
    const times = [NOW, NOW + 30 * HOUR_MS, NOW - 2 * HOUR_MS, NOW + 50 * HOUR_MS];

    for (let round = 0; round < 1_500; round++) {
      if (round % 10 === 0) {
        const changed = Array.from({ length: 1 + random.below(8) }, () => {
          const { id, version } = random.pick([...latest.values()]);
          return randomTicket(random, id, version + 1 + random.below(2));
        }).filter((ticket, i, changes) => changes.findIndex((c) => c.id === ticket.id) === i);
        if (random.below(2) === 0) index.applyAll(changed);
        else for (const ticket of changed) index.apply(ticket);
        for (const ticket of changed) latest.set(ticket.id, ticket);
      }
      const query = randomQuery(random, [...latest.values()]);
      const now = times[Math.floor(round / 100) % times.length] as number;

      const page = index.search(query, now);
      const expected = referenceSearch([...latest.values()], query, now);

      expect({ query, ...page, items: page.items.map(({ id }) => ({ id })) }).toEqual({
        query,
        ...expected,
      });
    }
  });
});
