import { TicketStatus } from '@ticketing/common';
import { catalogQuery, catalogTicket, daysFromNow } from '../test/catalog-fixtures';
import { CatalogIndex, MAX_FACET_VALUES } from './catalog-index';
import type { CatalogTicket } from './catalog-ticket';

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
  // Later than York's concert: a city's facet shows the spelling met first in the results' order.
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
