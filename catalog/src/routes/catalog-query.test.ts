import { apiErrorBody } from '@ticketing/common/api';
import { expectContract } from '@ticketing/common/testing';
import { startTestCatalogService, type TestCatalogService } from '../test/catalog-test-service';
import { parseCatalogQuery } from './catalog-query';

let catalog: TestCatalogService;
beforeAll(async () => {
  catalog = await startTestCatalogService();
});
afterAll(() => catalog.stop());

describe('GET /api/catalog with bad parameters', () => {
  it.each([
    ['an unknown parameter', 'categroy=concert', 'categroy'],
    ['a category that does not exist', 'category=opera', 'category'],
    ['a sort that does not exist', 'sort=cheapest', 'sort'],
    ['a sort given twice', 'sort=soonest&sort=newest', 'sort'],
    ['page 0', 'page=0', 'page'],
    ['a page that is not a whole number', 'page=1.5', 'page'],
    ['a page beyond the deepest', 'page=10001', 'page'],
    ['pageSize 0', 'pageSize=0', 'pageSize'],
    ['pageSize over 100', 'pageSize=101', 'pageSize'],
    ['a negative minimum price', 'minPrice=-1', 'minPrice'],
    ['a price that is not a number', 'maxPrice=abc', 'maxPrice'],
    ['a maximum price below the minimum', 'minPrice=50&maxPrice=10', 'maxPrice'],
    ['a date that is not a date', 'from=tomorrow', 'from'],
    ['a day that does not exist', 'to=2027-02-30', 'to'],
    ['a date range ending before it starts', 'from=2027-05-02&to=2027-05-01', 'to'],
    ['a status that does not exist', 'status=sold', 'status'],
    ['words with a control character', 'q=rock%00roll', 'q'],
    ['words longer than 200 characters', `q=${'a'.repeat(201)}`, 'q'],
    ['an empty city', 'city=', 'city'],
    ['a city longer than 80 characters', `city=${'a'.repeat(81)}`, 'city'],
    ['more than 20 cities', Array.from({ length: 21 }, (_, i) => `city=c${i}`).join('&'), 'city'],
  ])('when given %s, then 400 names the parameter', async (_case, query, field) => {
    const res = await catalog.http().get(`/api/catalog?${query}`);

    expect(res.status).toBe(400);
    const body = expectContract(apiErrorBody, res.body);
    expect(body.errors.map((error) => error.field)).toContain(field);
  });

  it('when several parameters are bad, then each is named at once', async () => {
    const res = await catalog.http().get('/api/catalog?page=0&sort=x&category=opera');

    expect(res.status).toBe(400);
    expect(res.body.errors.map((error: { field: string }) => error.field).sort()).toEqual([
      'category',
      'page',
      'sort',
    ]);
  });
});

describe('reading the catalog parameters', () => {
  it('when nothing is given, then the first 24 tickets on sale, soonest first', () => {
    expect(parseCatalogQuery({})).toEqual({
      text: undefined,
      cities: [],
      categories: [],
      minPrice: undefined,
      maxPrice: undefined,
      from: undefined,
      to: undefined,
      sort: 'soonest',
      page: 1,
      pageSize: 24,
      status: 'on-sale',
    });
  });

  it('when days are given as the date range, then it spans from the first to the last moment of those days', () => {
    const query = parseCatalogQuery({ from: '2027-05-01', to: '2027-05-02' });

    expect(new Date(query.from as number).toISOString()).toBe('2027-05-01T00:00:00.000Z');
    expect(new Date(query.to as number).toISOString()).toBe('2027-05-02T23:59:59.999Z');
  });

  it('when date-times with an offset are given, then they are read as instants', () => {
    const query = parseCatalogQuery({ from: '2027-05-01T20:00:00+02:00' });

    expect(new Date(query.from as number).toISOString()).toBe('2027-05-01T18:00:00.000Z');
  });

  it('when the words are only punctuation or blank, then there is no word search', () => {
    expect(parseCatalogQuery({ q: ' - ' }).text).toBeUndefined();
  });

  it('when cities and categories repeat, then each is kept', () => {
    const query = parseCatalogQuery({ city: ['Leeds', 'York'], category: ['concert', 'sports'] });

    expect(query.cities).toEqual(['Leeds', 'York']);
    expect(query.categories).toEqual(['concert', 'sports']);
  });
});
