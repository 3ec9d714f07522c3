import { TicketStatus } from '@ticketing/common';
import type { CatalogItem, CatalogPage } from '@ticketing/common/api';
import { knownCategory, type CatalogTicket } from './catalog-ticket';
import type { CatalogQuery } from './catalog-query';
import { foldText } from './text';
import { WordIndex } from './word-index';

/** A ticket with what queries compare precomputed. */
interface Entry {
  ticket: CatalogTicket;
  item: CatalogItem;
  /** Event time in ms; +Infinity when unknown, so such tickets come after every dated one. */
  eventTime: number;
  listedTime: number;
  cityKey: string | undefined;
  onSale: boolean;
  searchable: string;
}

type Order = 'soonest' | 'price' | 'newest';

const COMPARATORS: Record<Order, (a: Entry, b: Entry) => number> = {
  soonest: (a, b) => a.eventTime - b.eventTime || byId(a, b),
  price: (a, b) => a.item.price - b.item.price || byId(a, b),
  newest: (a, b) => b.listedTime - a.listedTime || byId(a, b),
};

function byId(a: Entry, b: Entry): number {
  return a.ticket.id < b.ticket.id ? -1 : a.ticket.id > b.ticket.id ? 1 : 0;
}

/** Facet lists are cut to the most frequent values, plus any value the query selects. */
export const MAX_FACET_VALUES = 50;

const SEARCH_FIELDS = ['title', 'venue', 'city', 'description'] as const;

function itemOf(ticket: CatalogTicket): CatalogItem {
  const item: CatalogItem = {
    id: ticket.id,
    title: ticket.title,
    price: ticket.price,
    status: ticket.status,
  };
  if (ticket.eventAt !== undefined) item.eventAt = ticket.eventAt;
  if (ticket.venue !== undefined) item.venue = ticket.venue;
  if (ticket.city !== undefined) item.city = ticket.city;
  const category = knownCategory(ticket.category);
  if (category !== undefined) item.category = category;
  if (ticket.section !== undefined) item.section = ticket.section;
  if (ticket.row !== undefined) item.row = ticket.row;
  if (ticket.seat !== undefined) item.seat = ticket.seat;
  return item;
}

function entryOf(ticket: CatalogTicket): Entry {
  return {
    ticket,
    item: itemOf(ticket),
    eventTime: ticket.eventAt === undefined ? Infinity : Date.parse(ticket.eventAt),
    listedTime: Date.parse(ticket.listedAt),
    cityKey: ticket.city === undefined ? undefined : foldText(ticket.city),
    onSale: ticket.status === TicketStatus.OnSale,
    searchable: SEARCH_FIELDS.map((field) => ticket[field] ?? '').join('\u0000'),
  };
}

/** First index in `sorted` whose entry does not come before `entry`. */
function lowerBound(sorted: Entry[], entry: Entry, compare: (a: Entry, b: Entry) => number) {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compare(sorted[middle] as Entry, entry) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Every ticket in memory, for browsing: a full-text index (MiniSearch) over title, venue, city and
 * description, and the tickets kept sorted in each order a page can ask for, so a query walks one
 * sorted array once, counting the total and both facets as it goes. A ticket's state is replaced
 * only by a newer version: events and the database can hand the same state over in any order.
 */
export class CatalogIndex {
  private readonly entries = new Map<string, Entry>();
  private readonly sorted: Record<Order, Entry[]> = { soonest: [], price: [], newest: [] };
  private readonly words = new WordIndex();
  /** Changes with every applied change: what was answered before may be stale. */
  private changes = 0;

  get size(): number {
    return this.entries.size;
  }

  get generation(): number {
    return this.changes;
  }

  /** The ticket's state in the catalog, if it has one. */
  get(id: string): CatalogTicket | undefined {
    return this.entries.get(id)?.ticket;
  }

  /** Takes the ticket's state if it is newer than the one held; says whether it did. */
  apply(ticket: CatalogTicket): boolean {
    const previous = this.entries.get(ticket.id);
    if (previous && previous.ticket.version >= ticket.version) return false;
    const entry = entryOf(ticket);
    for (const order of Object.keys(this.sorted) as Order[]) {
      const sorted = this.sorted[order];
      const compare = COMPARATORS[order];
      if (previous) sorted.splice(lowerBound(sorted, previous, compare), 1);
      sorted.splice(lowerBound(sorted, entry, compare), 0, entry);
    }
    this.replaceText(previous, entry);
    this.entries.set(ticket.id, entry);
    this.changes++;
    return true;
  }

  /**
   * Takes many states at once (a replica's start): each as `apply` would, with the orders sorted
   * once at the end instead of per ticket. Returns how many were newer.
   */
  applyAll(tickets: Iterable<CatalogTicket>): number {
    const texts: { id: string; text: string }[] = [];
    let applied = 0;
    for (const ticket of tickets) {
      const previous = this.entries.get(ticket.id);
      if (previous && previous.ticket.version >= ticket.version) continue;
      const entry = entryOf(ticket);
      if (previous?.searchable !== entry.searchable) {
        texts.push({ id: ticket.id, text: entry.searchable });
      }
      this.entries.set(ticket.id, entry);
      applied++;
    }
    this.words.setAll(texts);
    if (applied > 0) {
      for (const order of Object.keys(this.sorted) as Order[]) {
        this.sorted[order] = [...this.entries.values()].sort(COMPARATORS[order]);
      }
      this.changes++;
    }
    return applied;
  }

  private replaceText(previous: Entry | undefined, entry: Entry): void {
    if (previous?.searchable !== entry.searchable)
      this.words.set(entry.ticket.id, entry.searchable);
  }

  /** One page of the tickets matching the query, their total, and the facets under the other filters. */
  search(query: CatalogQuery, now = Date.now()): CatalogPage {
    const textMatches = query.text === undefined ? undefined : this.words.search(query.text);
    const candidates = this.candidates(query, textMatches);
    const cities = query.cities.length > 0 ? new Set(query.cities.map(foldText)) : undefined;
    const categories = query.categories.length > 0 ? new Set<string>(query.categories) : undefined;
    const minPrice = query.minPrice ?? -Infinity;
    const maxPrice = query.maxPrice ?? Infinity;
    const dated = query.from !== undefined || query.to !== undefined;
    const from = query.from ?? -Infinity;
    const to = query.to ?? Infinity;
    const onSaleOnly = query.status === 'on-sale';
    const firstOnPage = (query.page - 1) * query.pageSize;
    const pageEnd = firstOnPage + query.pageSize;

    const items: CatalogItem[] = [];
    let total = 0;
    const cityCounts = new Map<string, { value: string; count: number }>();
    const categoryCounts = new Map<string, number>();
    const { entries, descending } = candidates;
    const count = entries.length;
    for (let i = 0; i < count; i++) {
      const entry = entries[descending ? count - 1 - i : i] as Entry;
      const { item } = entry;
      if (onSaleOnly && (!entry.onSale || entry.eventTime <= now)) continue;
      if (textMatches && !textMatches.has(item.id)) continue;
      if (item.price < minPrice || item.price > maxPrice) continue;
      if (dated && (entry.eventTime < from || entry.eventTime > to)) continue;
      const inCities = !cities || (entry.cityKey !== undefined && cities.has(entry.cityKey));
      const inCategories =
        !categories || (item.category !== undefined && categories.has(item.category));
      if (inCategories && entry.cityKey !== undefined) {
        const counted = cityCounts.get(entry.cityKey);
        if (counted) counted.count++;
        else cityCounts.set(entry.cityKey, { value: item.city as string, count: 1 });
      }
      if (inCities && item.category !== undefined) {
        categoryCounts.set(item.category, (categoryCounts.get(item.category) ?? 0) + 1);
      }
      if (inCities && inCategories) {
        if (total >= firstOnPage && total < pageEnd) items.push(item);
        total++;
      }
    }
    return {
      items,
      total,
      page: query.page,
      pageSize: query.pageSize,
      facets: {
        city: topValues(
          [...cityCounts.entries()].map(([key, { value, count }]) => ({ key, value, count })),
          cities,
        ),
        category: topValues(
          [...categoryCounts.entries()].map(([value, count]) => ({ key: value, value, count })),
          categories,
        ),
      },
    };
  }

  /**
   * The tickets to walk, in the query's order: the whole sorted array, or, when the words match few
   * tickets, just those, sorted (cheaper than walking every ticket).
   */
  private candidates(
    query: CatalogQuery,
    textMatches: ReadonlySet<string> | undefined,
  ): { entries: Entry[]; descending: boolean } {
    const order: Order =
      query.sort === 'price-asc' || query.sort === 'price-desc' ? 'price' : query.sort;
    const descending = query.sort === 'price-desc';
    if (textMatches && textMatches.size * 16 < this.entries.size) {
      const matched: Entry[] = [];
      for (const id of textMatches) {
        const entry = this.entries.get(id);
        if (entry) matched.push(entry);
      }
      return { entries: matched.sort(COMPARATORS[order]), descending };
    }
    return { entries: this.sorted[order], descending };
  }
}

function topValues(
  counts: { key: string; value: string; count: number }[],
  selected: Set<string> | undefined,
): { value: string; count: number }[] {
  counts.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  return counts
    .filter((facet, rank) => rank < MAX_FACET_VALUES || selected?.has(facet.key))
    .map(({ value, count }) => ({ value, count }));
}
