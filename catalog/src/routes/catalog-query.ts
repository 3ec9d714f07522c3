import { RequestValidationError, type ErrorItem } from '@ticketing/common';
import {
  catalogSorts,
  TicketCategories,
  type CatalogSort,
  type TicketCategory,
} from '@ticketing/common/api';
import type { CatalogQuery } from '../domain/catalog-query';
import { CONTROL_CHARACTERS } from '../domain/text';

export const DEFAULT_PAGE_SIZE = 24;
export const MAX_PAGE_SIZE = 100;
/** Deep enough for any browsing; bounds the work a single request can ask for. */
export const MAX_PAGE = 10_000;
const MAX_TEXT_LENGTH = 200;
const MAX_CITY_LENGTH = 80;
const MAX_CITIES = 20;

const PARAMETERS = [
  'q',
  'city',
  'category',
  'minPrice',
  'maxPrice',
  'from',
  'to',
  'sort',
  'page',
  'pageSize',
  'status',
] as const;
type Parameter = (typeof PARAMETERS)[number];

const REPEATABLE = new Set<Parameter>(['city', 'category']);

const PRICE = /^\d{1,9}(\.\d{1,2})?$/;
const WHOLE_NUMBER = /^\d{1,9}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const DAY_MS = 24 * 60 * 60_000;

/** The raw query string values Express hands over: a string, or an array when repeated. */
type RawQuery = Record<string, unknown>;

/**
 * Reads `GET /api/catalog`'s parameters, or throws a 400 naming every bad one: an unknown parameter,
 * a single-valued one given twice, a malformed or out-of-range value, a range whose start is after
 * its end.
 */
export function parseCatalogQuery(raw: RawQuery): CatalogQuery {
  const errors: ErrorItem[] = [];
  const fail = (field: string, message: string) => {
    errors.push({ field, message });
    return undefined;
  };
  for (const name of Object.keys(raw)) {
    if (!(PARAMETERS as readonly string[]).includes(name))
      fail(name, `${name} is not a parameter of the catalog`);
  }
  const values = (name: Parameter): string[] => {
    const value = raw[name];
    if (value === undefined) return [];
    const list = Array.isArray(value) ? value : [value];
    if (!list.every((item): item is string => typeof item === 'string')) {
      fail(name, `${name} must be plain text`);
      return [];
    }
    if (list.length > 1 && !REPEATABLE.has(name)) {
      fail(name, `${name} may be given once`);
      return [];
    }
    return list;
  };
  const single = (name: Parameter): string | undefined => values(name)[0];

  const text = readText(single('q'), fail);
  const cities = readCities(values('city'), fail);
  const categories = values('category').filter((category): category is TicketCategory =>
    (TicketCategories as readonly string[]).includes(category)
      ? true
      : !!fail('category', `category must be one of ${TicketCategories.join(', ')}`),
  );
  const minPrice = readPrice('minPrice', single('minPrice'), fail);
  const maxPrice = readPrice('maxPrice', single('maxPrice'), fail);
  if (minPrice !== undefined && maxPrice !== undefined && minPrice > maxPrice) {
    fail('maxPrice', 'maxPrice must not be below minPrice');
  }
  const from = readDate('from', single('from'), 'start', fail);
  const to = readDate('to', single('to'), 'end', fail);
  if (from !== undefined && to !== undefined && from > to) fail('to', 'to must not be before from');
  const sort = single('sort') ?? 'soonest';
  if (!(catalogSorts as readonly string[]).includes(sort)) {
    fail('sort', `sort must be one of ${catalogSorts.join(', ')}`);
  }
  const page = readWholeNumber('page', single('page'), 1, 1, MAX_PAGE, fail);
  const pageSize = readWholeNumber(
    'pageSize',
    single('pageSize'),
    DEFAULT_PAGE_SIZE,
    1,
    MAX_PAGE_SIZE,
    fail,
  );
  const status = single('status') ?? 'on-sale';
  if (status !== 'on-sale' && status !== 'all') fail('status', 'status must be on-sale or all');

  if (errors.length > 0) throw new RequestValidationError(errors);
  return {
    text,
    cities,
    categories,
    minPrice,
    maxPrice,
    from,
    to,
    sort: sort as CatalogSort,
    page: page ?? 1,
    pageSize: pageSize ?? DEFAULT_PAGE_SIZE,
    status: status as CatalogQuery['status'],
  };
}

type Fail = (field: string, message: string) => undefined;

/** Blank text is no search; text with no letter or digit in it either. */
function readText(value: string | undefined, fail: Fail): string | undefined {
  if (value === undefined) return undefined;
  if (value.length > MAX_TEXT_LENGTH)
    return fail('q', `q must be at most ${MAX_TEXT_LENGTH} characters`);
  if (CONTROL_CHARACTERS.test(value)) return fail('q', 'q must not contain control characters');
  return /[\p{L}\p{N}]/u.test(value) ? value : undefined;
}

function readCities(values: string[], fail: Fail): string[] {
  if (values.length > MAX_CITIES) {
    fail('city', `city may be given at most ${MAX_CITIES} times`);
    return [];
  }
  return values.filter((city) => {
    if (city.trim().length === 0 || city.length > MAX_CITY_LENGTH) {
      return fail('city', `city must be 1 to ${MAX_CITY_LENGTH} characters`);
    }
    if (CONTROL_CHARACTERS.test(city))
      return fail('city', 'city must not contain control characters');
    return true;
  });
}

function readPrice(name: Parameter, value: string | undefined, fail: Fail): number | undefined {
  if (value === undefined) return undefined;
  if (!PRICE.test(value)) return fail(name, `${name} must be an amount such as 25 or 19.99`);
  return Number(value);
}

/** A date-time, or a whole day (from its first to its last millisecond, UTC). */
function readDate(
  name: Parameter,
  value: string | undefined,
  edge: 'start' | 'end',
  fail: Fail,
): number | undefined {
  if (value === undefined) return undefined;
  const isDay = DATE.test(value);
  const time = isDay
    ? Date.parse(`${value}T00:00:00Z`)
    : DATE_TIME.test(value)
      ? Date.parse(value)
      : NaN;
  if (Number.isNaN(time) || (isDay && new Date(time).toISOString().slice(0, 10) !== value)) {
    return fail(name, `${name} must be a date (2027-05-01) or a date-time (2027-05-01T20:00:00Z)`);
  }
  return isDay && edge === 'end' ? time + DAY_MS - 1 : time;
}

function readWholeNumber(
  name: Parameter,
  value: string | undefined,
  fallback: number,
  min: number,
  max: number,
  fail: Fail,
): number | undefined {
  if (value === undefined) return fallback;
  const number = WHOLE_NUMBER.test(value) ? Number(value) : NaN;
  if (!(number >= min && number <= max))
    return fail(name, `${name} must be a whole number from ${min} to ${max}`);
  return number;
}
