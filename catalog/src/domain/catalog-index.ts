import { TicketCategories, TicketStatus } from '@ticketing/common';
import type { CatalogItem, CatalogPage } from '@ticketing/common/api';
import { Bitset, wordsFor } from './bitset';
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
  onSale: boolean;
  searchable: string;
  /** The ticket's place in the per-slot columns and sets; its newer versions keep it. */
  slot: number;
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

/**
 * A ticket's city spelling and category as one number, `(spelling + 1) * CATEGORY_CELLS + category
 * + 1` (0 standing for none), so that a query counts both facets with one increment per ticket.
 */
const CATEGORY_CELLS = TicketCategories.length + 1;

/**
 * Sorting the matches costs about log2(matches) comparisons each, and a comparison (two entries,
 * often their ids) costs several of the bit tests a walk along the query's order makes per ticket.
 */
const COMPARISON_COST_IN_WALK_STEPS = 4;

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

function entryOf(ticket: CatalogTicket, slot: number): Entry {
  return {
    ticket,
    item: itemOf(ticket),
    eventTime: ticket.eventAt === undefined ? Infinity : Date.parse(ticket.eventAt),
    listedTime: Date.parse(ticket.listedAt),
    onSale: ticket.status === TicketStatus.OnSale,
    searchable: SEARCH_FIELDS.map((field) => ticket[field] ?? '').join('\u0000'),
    slot,
  };
}

/** How many slots at the start of `sorted` are `before` (true for a prefix, false after it). */
function prefixLength(sorted: number[], before: (slot: number) => boolean): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (before(sorted[middle] as number)) low = middle + 1;
    else high = middle;
  }
  return low;
}

function addToCount(counts: number[], at: number, change: number): void {
  while (counts.length <= at) counts.push(0);
  counts[at] = (counts[at] as number) + change;
}

/** The slots holding each distinct value of a field, the values numbered in the order first met. */
class ValueSlots {
  readonly values: string[] = [];
  readonly slots: Bitset[] = [];
  private readonly numbers = new Map<string, number>();

  constructor(known: readonly string[] = []) {
    for (const value of known) this.numberOf(value);
  }

  numberOf(value: string): number {
    let number = this.numbers.get(value);
    if (number === undefined) {
      number = this.values.length;
      this.numbers.set(value, number);
      this.values.push(value);
      this.slots.push(new Bitset());
    }
    return number;
  }

  /** The slots holding any of `values`, as a set of `wordCount` words. */
  anyOf(values: Iterable<string>, wordCount: number): Bitset {
    const union = new Bitset(wordCount);
    for (const value of values) {
      const number = this.numbers.get(value);
      if (number !== undefined) union.unite(this.slots[number] as Bitset);
    }
    return union;
  }
}

/** A city as a ticket spells it, and the number of its folded form (what filters compare). */
interface Spelling {
  value: string;
  city: number;
}

/** A stretch of a sorted order: positions [start, stop). */
interface Stretch {
  start: number;
  stop: number;
}

/** The query's choices of cities (folded) and categories; none: every ticket is under it. */
interface Choices {
  cities: Set<string> | undefined;
  categories: Set<string> | undefined;
}

/** What a query's filters let through, counted once for the total and both facets. */
interface Tally {
  /** The tickets that pass every filter: the results. */
  matching: Bitset;
  total: number;
  /** By spelling number: the tickets passing every filter but the cities. */
  spellingCounts: number[];
  /** By category number: the tickets passing every filter but the categories. */
  categoryCounts: number[];
}

/**
 * Every ticket in memory, for browsing: a full-text index over title, venue, city and description,
 * and the tickets kept sorted in each order a page can ask for. A ticket's state is replaced only by
 * a newer version: events and the database can hand the same state over in any order.
 *
 * A query's cost follows what it matches rather than the catalog's size. Each ticket has a slot (an
 * integer its newer versions keep: tickets are never removed), and the index keeps a set of slots
 * per city, per category and of the tickets on sale, so filters are word-wide ANDs and ORs of
 * bitsets; a price or date range becomes a set from its stretch of the price or soonest order
 * (walked from the shorter side). Only the tickets some count needs are then visited one by one,
 * reading a single per-slot number, and a query with neither words nor ranges reads kept counts
 * instead. The orders hold slots, not entries, so walking them reads one array: the page walks the
 * query's order from where its range starts and stops once the page is full, unless sorting just
 * the matches is cheaper, as when few match. The tickets on sale and not past are kept as of the
 * last query's time and brought forward from the soonest order at the next: events pass a few at a
 * time, while the past part of a catalog that never removes a ticket only grows.
 */
export class CatalogIndex {
  private readonly entries = new Map<string, Entry>();
  private readonly entriesBySlot: Entry[] = [];
  /** Slots, in each order. */
  private readonly sorted: Record<Order, number[]> = { soonest: [], price: [], newest: [] };
  private readonly words = new WordIndex();
  /** Changes with every applied change: what was answered before may be stale. */
  private changes = 0;

  /** See CATEGORY_CELLS. */
  private readonly cellsBySlot: number[] = [];
  private readonly spellings: Spelling[] = [];
  private readonly spellingNumbers = new Map<string, number>();
  /** By folded city. */
  private readonly cities = new ValueSlots();
  /** Numbered in TicketCategories' order, so that a number fits in a cell. */
  private readonly categories = new ValueSlots(TicketCategories);
  private readonly onSale = new Bitset();
  /** On sale, with an event not yet past as of `upcomingAsOf`. */
  private upcoming = new Bitset();
  private upcomingAsOf = -Infinity;
  /**
   * Tickets by cell, all and upcoming: a query with neither words nor ranges adds these up instead
   * of visiting its tickets.
   */
  private readonly cellCounts: number[] = [];
  private upcomingCellCounts: number[] = [];

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
    const orders = Object.keys(this.sorted) as Order[];
    if (previous) {
      // Before the slot takes the new entry: finding the old position compares through the slots.
      for (const order of orders) this.sorted[order].splice(this.position(order, previous), 1);
    }
    const entry = this.record(ticket, previous);
    for (const order of orders) {
      this.sorted[order].splice(this.position(order, entry), 0, entry.slot);
    }
    this.replaceText(previous, entry);
    this.changes++;
    return true;
  }

  /** Where the entry is, or would go, in the order. */
  private position(order: Order, entry: Entry): number {
    const compare = COMPARATORS[order];
    return prefixLength(this.sorted[order], (slot) => compare(this.entryAt(slot), entry) < 0);
  }

  /**
   * Takes many states at once (a replica's start): each as `apply` would, with the orders sorted
   * once at the end instead of per ticket. Returns how many were newer.
   */
  applyAll(tickets: Iterable<CatalogTicket>): number {
    const texts: { slot: number; text: string }[] = [];
    let applied = 0;
    for (const ticket of tickets) {
      const previous = this.entries.get(ticket.id);
      if (previous && previous.ticket.version >= ticket.version) continue;
      const entry = this.record(ticket, previous);
      if (previous?.searchable !== entry.searchable) {
        texts.push({ slot: entry.slot, text: entry.searchable });
      }
      applied++;
    }
    this.words.setAll(texts);
    if (applied > 0) {
      for (const order of Object.keys(this.sorted) as Order[]) {
        this.sorted[order] = [...this.entriesBySlot]
          .sort(COMPARATORS[order])
          .map((entry) => entry.slot);
      }
      this.changes++;
    }
    return applied;
  }

  /** The ticket's entry, in its predecessor's slot or a new one, with its sets and counts. */
  private record(ticket: CatalogTicket, previous: Entry | undefined): Entry {
    const slot = previous?.slot ?? this.entriesBySlot.length;
    const entry = entryOf(ticket, slot);
    if (previous) {
      this.setCell(slot, this.cellsBySlot[slot] as number, false, this.upcoming.has(slot));
    }
    const { city, category } = entry.item;
    const spellingPlace = city === undefined ? 0 : this.spellingNumber(city) + 1;
    const categoryPlace = category === undefined ? 0 : this.categories.numberOf(category) + 1;
    const cell = spellingPlace * CATEGORY_CELLS + categoryPlace;
    const upcoming = entry.onSale && !(entry.eventTime <= this.upcomingAsOf);
    this.setCell(slot, cell, true, upcoming);
    this.cellsBySlot[slot] = cell;
    this.onSale.set(slot, entry.onSale);
    this.upcoming.set(slot, upcoming);
    this.entriesBySlot[slot] = entry;
    this.entries.set(ticket.id, entry);
    return entry;
  }

  private entryAt(slot: number): Entry {
    return this.entriesBySlot[slot] as Entry;
  }

  private spellingNumber(value: string): number {
    let number = this.spellingNumbers.get(value);
    if (number === undefined) {
      number = this.spellings.length;
      this.spellingNumbers.set(value, number);
      this.spellings.push({ value, city: this.cities.numberOf(foldText(value)) });
    }
    return number;
  }

  /** Puts the slot in, or takes it out of, its cell: its city's and category's sets, the counts. */
  private setCell(slot: number, cell: number, present: boolean, upcoming: boolean): void {
    const change = present ? 1 : -1;
    addToCount(this.cellCounts, cell, change);
    if (upcoming) addToCount(this.upcomingCellCounts, cell, change);
    const spellingPlace = Math.floor(cell / CATEGORY_CELLS);
    const categoryPlace = cell % CATEGORY_CELLS;
    if (spellingPlace > 0) {
      const { city } = this.spellings[spellingPlace - 1] as Spelling;
      (this.cities.slots[city] as Bitset).set(slot, present);
    }
    if (categoryPlace > 0) (this.categories.slots[categoryPlace - 1] as Bitset).set(slot, present);
  }

  private replaceText(previous: Entry | undefined, entry: Entry): void {
    if (previous?.searchable !== entry.searchable) this.words.set(entry.slot, entry.searchable);
  }

  /**
   * One page of the tickets matching the query, their total, and the facets under the other
   * filters. A city's facet shows the spelling most of its counted tickets have (the first in
   * code-unit order among equals), whatever the page's order.
   */
  search(query: CatalogQuery, now = Date.now()): CatalogPage {
    const slotCount = this.entriesBySlot.length;
    const wordCount = wordsFor(slotCount);
    const eligible =
      query.status === 'on-sale' ? this.upcomingAt(now).copy(wordCount) : Bitset.full(slotCount);
    const textMatches =
      query.text === undefined ? undefined : this.words.search(query.text, slotCount);
    if (textMatches) eligible.intersect(textMatches);
    const priced = query.minPrice !== undefined || query.maxPrice !== undefined;
    const dated = query.from !== undefined || query.to !== undefined;
    const stretches = { price: this.priceStretch(query), soonest: this.dateStretch(query) };
    if (priced) this.keepWithin(eligible, 'price', stretches.price);
    if (dated) this.keepWithin(eligible, 'soonest', stretches.soonest);
    const choices: Choices = {
      cities: query.cities.length > 0 ? new Set(query.cities.map(foldText)) : undefined,
      categories: query.categories.length > 0 ? new Set<string>(query.categories) : undefined,
    };
    const precounted = textMatches || priced || dated ? undefined : query.status;
    const tally = this.tally(eligible, choices, precounted);
    return {
      items: this.pageOf(query, tally, stretches, now),
      total: tally.total,
      page: query.page,
      pageSize: query.pageSize,
      facets: {
        city: topValues(this.cityCounts(tally.spellingCounts), choices.cities),
        category: topValues(
          tally.categoryCounts
            .map((count, number) => {
              const value = this.categories.values[number] as string;
              return { key: value, value, count };
            })
            .filter(({ count }) => count > 0),
          choices.categories,
        ),
      },
    };
  }

  /** The tickets on sale whose event is not past at `now`. */
  private upcomingAt(now: number): Bitset {
    if (now < this.upcomingAsOf) {
      this.upcoming = this.onSale.copy(this.onSale.words.length);
      this.upcomingCellCounts = [];
      for (const slot of this.upcoming.slots()) {
        addToCount(this.upcomingCellCounts, this.cellsBySlot[slot] as number, 1);
      }
      this.upcomingAsOf = -Infinity;
    }
    const soonest = this.sorted.soonest;
    const asOf = this.upcomingAsOf;
    const passedBefore = prefixLength(soonest, (slot) => this.entryAt(slot).eventTime <= asOf);
    for (let i = passedBefore; i < soonest.length; i++) {
      const slot = soonest[i] as number;
      if (!(this.entryAt(slot).eventTime <= now)) break;
      if (this.upcoming.has(slot)) {
        this.upcoming.set(slot, false);
        addToCount(this.upcomingCellCounts, this.cellsBySlot[slot] as number, -1);
      }
    }
    this.upcomingAsOf = now;
    return this.upcoming;
  }

  /** Where the tickets within the query's price range lie in the price order. */
  private priceStretch(query: CatalogQuery): Stretch {
    const minPrice = query.minPrice ?? -Infinity;
    const maxPrice = query.maxPrice ?? Infinity;
    const sorted = this.sorted.price;
    return {
      start: prefixLength(sorted, (slot) => this.entryAt(slot).item.price < minPrice),
      stop: prefixLength(sorted, (slot) => this.entryAt(slot).item.price <= maxPrice),
    };
  }

  /** Where the tickets within the query's date range lie in the soonest order. */
  private dateStretch(query: CatalogQuery): Stretch {
    const from = query.from ?? -Infinity;
    const to = query.to ?? Infinity;
    const sorted = this.sorted.soonest;
    return {
      start: prefixLength(sorted, (slot) => this.entryAt(slot).eventTime < from),
      stop: prefixLength(sorted, (slot) => this.entryAt(slot).eventTime <= to),
    };
  }

  /**
   * Keeps in `slots` only those within the stretch of the order: clearing those around it, when they
   * are fewer, else intersecting with those in it.
   */
  private keepWithin(slots: Bitset, order: Order, { start, stop }: Stretch): void {
    const sorted = this.sorted[order];
    if (stop - start > sorted.length / 2) {
      slots.setEach(sorted, 0, start, false);
      slots.setEach(sorted, stop, sorted.length, false);
      return;
    }
    const within = new Bitset(slots.words.length);
    within.setEach(sorted, start, stop, true);
    slots.intersect(within);
  }

  /**
   * Visits the eligible tickets that some count needs, those under the chosen cities (for the
   * category facet) or the chosen categories (for the city facet), and counts them by cell; with
   * no words nor ranges (`precounted`), the kept counts of that status are those already.
   */
  private tally(
    eligible: Bitset,
    choices: Choices,
    precounted: CatalogQuery['status'] | undefined,
  ): Tally {
    const eligibleWords = eligible.words;
    const cityWords =
      choices.cities && this.cities.anyOf(choices.cities, eligibleWords.length).words;
    const categoryWords =
      choices.categories && this.categories.anyOf(choices.categories, eligibleWords.length).words;
    const matching = new Bitset(eligibleWords.length);
    const matchingWords = matching.words;
    const cells = this.cellsBySlot;
    const cellCounts = new Array<number>((this.spellings.length + 1) * CATEGORY_CELLS).fill(0);
    for (let word = 0; word < eligibleWords.length; word++) {
      const cityWord = cityWords ? (cityWords[word] as number) : ~0;
      const categoryWord = categoryWords ? (categoryWords[word] as number) : ~0;
      const eligibleWord = eligibleWords[word] as number;
      matchingWords[word] = eligibleWord & cityWord & categoryWord;
      if (precounted) continue;
      let pending = eligibleWord & (cityWord | categoryWord);
      while (pending !== 0) {
        const bit = pending & -pending;
        pending ^= bit;
        const cell = cells[(word << 5) | (31 - Math.clz32(bit))] as number;
        cellCounts[cell] = (cellCounts[cell] as number) + 1;
      }
    }
    const counts =
      precounted === undefined
        ? cellCounts
        : precounted === 'on-sale'
          ? this.upcomingCellCounts
          : this.cellCounts;
    return { matching, ...this.facetCounts(counts, choices) };
  }

  /** Adds the counts by cell up into the total and each facet's counts under the other's choice. */
  private facetCounts(
    cellCounts: number[],
    { cities, categories }: Choices,
  ): Omit<Tally, 'matching'> {
    const spellingCounts = new Array<number>(this.spellings.length).fill(0);
    const categoryCounts = new Array<number>(this.categories.values.length).fill(0);
    const spellingChosen = [
      cities === undefined,
      ...this.spellings.map(
        ({ city }) => !cities || cities.has(this.cities.values[city] as string),
      ),
    ];
    const categoryChosen = [
      categories === undefined,
      ...this.categories.values.map((category) => !categories || categories.has(category)),
    ];
    let total = 0;
    cellCounts.forEach((count, cell) => {
      if (count === 0) return;
      const spellingPlace = Math.floor(cell / CATEGORY_CELLS);
      const categoryPlace = cell % CATEGORY_CELLS;
      const inCities = spellingChosen[spellingPlace] as boolean;
      const inCategories = categoryChosen[categoryPlace] as boolean;
      if (inCategories && spellingPlace > 0) {
        spellingCounts[spellingPlace - 1] = (spellingCounts[spellingPlace - 1] as number) + count;
      }
      if (inCities && categoryPlace > 0) {
        categoryCounts[categoryPlace - 1] = (categoryCounts[categoryPlace - 1] as number) + count;
      }
      if (inCities && inCategories) total += count;
    });
    return { total, spellingCounts, categoryCounts };
  }

  /** The city facet's counts by folded city, each shown in its most counted spelling. */
  private cityCounts(spellingCounts: number[]): { key: string; value: string; count: number }[] {
    const byCity = new Map<number, { key: string; value: string; count: number; most: number }>();
    spellingCounts.forEach((count, number) => {
      if (count === 0) return;
      const { value, city } = this.spellings[number] as Spelling;
      const counted = byCity.get(city);
      if (!counted) {
        byCity.set(city, { key: this.cities.values[city] as string, value, count, most: count });
        return;
      }
      counted.count += count;
      if (count > counted.most || (count === counted.most && value < counted.value)) {
        counted.value = value;
        counted.most = count;
      }
    });
    return [...byCity.values()];
  }

  /**
   * The page's tickets, in the query's order: walked along the order from where the query's range
   * in that order starts, or, when the walk would pass over many more tickets than sorting the
   * matches costs, the matches sorted.
   */
  private pageOf(
    query: CatalogQuery,
    { matching, total }: Tally,
    stretches: Record<'price' | 'soonest', Stretch>,
    now: number,
  ): CatalogItem[] {
    const first = (query.page - 1) * query.pageSize;
    if (first >= total) return [];
    const end = Math.min(first + query.pageSize, total);
    const order: Order =
      query.sort === 'price-asc' || query.sort === 'price-desc' ? 'price' : query.sort;
    const descending = query.sort === 'price-desc';
    const sorted = this.sorted[order];
    const { start, stop } = this.stretchToWalk(order, query, stretches, now);
    const walkSteps = ((stop - start) * end) / total;
    const sortSteps = COMPARISON_COST_IN_WALK_STEPS * total * Math.log2(total + 1);
    if (walkSteps > sortSteps) {
      const matches = matching.slots().map((slot) => this.entryAt(slot));
      matches.sort(COMPARATORS[order]);
      if (descending) matches.reverse();
      return matches.slice(first, end).map((entry) => entry.item);
    }
    const items: CatalogItem[] = [];
    let seen = 0;
    for (let step = 0; seen < end && step < stop - start; step++) {
      const slot = sorted[descending ? stop - 1 - step : start + step] as number;
      if (!matching.has(slot)) continue;
      if (seen >= first) items.push(this.entryAt(slot).item);
      seen++;
    }
    return items;
  }

  /** Where the query's matches can lie in the order: its range there, past events left out. */
  private stretchToWalk(
    order: Order,
    query: CatalogQuery,
    stretches: Record<'price' | 'soonest', Stretch>,
    now: number,
  ): Stretch {
    if (order === 'newest') return { start: 0, stop: this.sorted.newest.length };
    if (order === 'price' || query.status === 'all') return stretches[order];
    const past = prefixLength(this.sorted.soonest, (slot) => this.entryAt(slot).eventTime <= now);
    return { start: Math.max(stretches.soonest.start, past), stop: stretches.soonest.stop };
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
