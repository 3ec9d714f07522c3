import {
  catalogSorts,
  TicketCategories,
  type CatalogSort,
  type TicketCategory,
} from '@ticketing/common/api';

/**
 * What the home page's browser shows, as its URL says: the URL is the whole state, so a link
 * shares it and Back and Forward restore it. Dates are `YYYY-MM-DD` (what a date input holds),
 * prices as typed.
 */
export interface CatalogFilters {
  q: string;
  city: string[];
  category: TicketCategory[];
  minPrice: string;
  maxPrice: string;
  from: string;
  to: string;
  sort: CatalogSort;
  page: number;
}

export const DEFAULT_SORT: CatalogSort = 'soonest';
export const CATALOG_PAGE_SIZE = 24;

export const SORT_LABELS: Record<CatalogSort, string> = {
  soonest: 'Soonest first',
  'price-asc': 'Price: low to high',
  'price-desc': 'Price: high to low',
  newest: 'Newly listed',
};

type SearchParams = Record<string, string | string[] | undefined>;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const PRICE = /^\d+(\.\d{1,2})?$/;

function all(params: SearchParams, name: string): string[] {
  const value = params[name];
  return (Array.isArray(value) ? value : value === undefined ? [] : [value])
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

const first = (params: SearchParams, name: string) => all(params, name)[0] ?? '';

const unique = <T>(values: T[]) => [...new Set(values)];

/**
 * The filters a URL asks for. What cannot be a filter (an unknown category or sort, a price or
 * date that is not one, a page that is not a positive whole number) is dropped, so an edited or
 * old link still shows results instead of an error.
 */
export function filtersFromSearchParams(params: SearchParams): CatalogFilters {
  const sort = first(params, 'sort');
  const page = Number(first(params, 'page'));
  const keep = (value: string, pattern: RegExp) => (pattern.test(value) ? value : '');
  return {
    q: first(params, 'q'),
    city: unique(all(params, 'city')),
    category: unique(
      all(params, 'category').filter((c): c is TicketCategory =>
        (TicketCategories as readonly string[]).includes(c),
      ),
    ),
    minPrice: keep(first(params, 'minPrice'), PRICE),
    maxPrice: keep(first(params, 'maxPrice'), PRICE),
    from: keep(first(params, 'from'), DATE),
    to: keep(first(params, 'to'), DATE),
    sort: (catalogSorts as readonly string[]).includes(sort) ? (sort as CatalogSort) : DEFAULT_SORT,
    page: Number.isSafeInteger(page) && page >= 1 ? page : 1,
  };
}

/**
 * The site's URL query for these filters: defaults left out, so the plain home page is `/` and
 * equal filters make equal URLs.
 */
export function searchParamsOf(filters: CatalogFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.q) params.set('q', filters.q);
  for (const city of filters.city) params.append('city', city);
  for (const category of filters.category) params.append('category', category);
  for (const name of ['minPrice', 'maxPrice', 'from', 'to'] as const) {
    if (filters[name]) params.set(name, filters[name]);
  }
  if (filters.sort !== DEFAULT_SORT) params.set('sort', filters.sort);
  if (filters.page > 1) params.set('page', String(filters.page));
  return params;
}

/** The home page's address for these filters. */
export function catalogHref(filters: CatalogFilters): string {
  const query = searchParamsOf(filters).toString();
  return query ? `/?${query}` : '/';
}

/** Whether anything narrows the results (sort and page do not). */
export function isFiltered(filters: CatalogFilters): boolean {
  return (
    filters.q !== '' ||
    filters.city.length > 0 ||
    filters.category.length > 0 ||
    [filters.minPrice, filters.maxPrice, filters.from, filters.to].some((v) => v !== '')
  );
}

/**
 * How many of the filter panel's filters narrow the results: each city, each category, the price
 * range and the date range (a range is one filter, whether one bound or both is set). The words
 * are not counted: the search box stays in sight.
 */
export function activeFilterCount(filters: CatalogFilters): number {
  const priceRange = filters.minPrice !== '' || filters.maxPrice !== '';
  const dateRange = filters.from !== '' || filters.to !== '';
  return filters.city.length + filters.category.length + Number(priceRange) + Number(dateRange);
}

/**
 * The catalog API's query for these filters. A date range covers whole days, from the start of
 * `from` to the end of `to`, in UTC: the server does not know the visitor's time zone.
 */
export function catalogApiQuery(filters: CatalogFilters): URLSearchParams {
  const params = searchParamsOf({ ...filters, from: '', to: '' });
  if (filters.from) params.set('from', `${filters.from}T00:00:00.000Z`);
  if (filters.to) params.set('to', `${filters.to}T23:59:59.999Z`);
  params.set('pageSize', String(CATALOG_PAGE_SIZE));
  return params;
}

/**
 * The page numbers to link, with gaps (`null`) where pages are skipped: always the first and the
 * last, and the current one with `around` pages on each side.
 */
export function pageNumbers(current: number, last: number, around = 1): (number | null)[] {
  const shown = new Set([1, last]);
  for (let page = current - around; page <= current + around; page += 1) {
    if (page >= 1 && page <= last) shown.add(page);
  }
  const sorted = [...shown].filter((page) => page >= 1).sort((a, b) => a - b);
  const withGaps: (number | null)[] = [];
  for (const page of sorted) {
    const previous = withGaps.at(-1);
    if (typeof previous === 'number' && page - previous === 2) withGaps.push(previous + 1);
    else if (typeof previous === 'number' && page - previous > 2) withGaps.push(null);
    withGaps.push(page);
  }
  return withGaps;
}
