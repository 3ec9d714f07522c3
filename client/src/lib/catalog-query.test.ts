import {
  activeFilterCount,
  catalogApiQuery,
  catalogHref,
  filtersFromSearchParams,
  isFiltered,
  pageNumbers,
  searchParamsOf,
} from './catalog-query';

describe('filtersFromSearchParams', () => {
  it('when the URL names nothing, then the filters are the defaults', () => {
    expect(filtersFromSearchParams({})).toEqual({
      q: '',
      city: [],
      category: [],
      minPrice: '',
      maxPrice: '',
      from: '',
      to: '',
      sort: 'soonest',
      page: 1,
    });
  });

  it('when the URL repeats cities and categories, then each is kept once, in order', () => {
    const filters = filtersFromSearchParams({
      city: ['Lyon', 'Paris', 'Lyon'],
      category: 'concert',
    });

    expect(filters.city).toEqual(['Lyon', 'Paris']);
    expect(filters.category).toEqual(['concert']);
  });

  it('when a value cannot be a filter, then it is dropped instead of failing the page', () => {
    const filters = filtersFromSearchParams({
      category: ['opera', 'sports'],
      sort: 'cheapest',
      page: '-2',
      minPrice: 'ten',
      maxPrice: '12.345',
      from: '21/06/2030',
      to: '2030-06-30',
    });

    expect(filters).toMatchObject({
      category: ['sports'],
      sort: 'soonest',
      page: 1,
      minPrice: '',
      maxPrice: '',
      from: '',
      to: '2030-06-30',
    });
  });

  it('when a page is not a whole number, then the first page is shown', () => {
    expect(filtersFromSearchParams({ page: '2.5' }).page).toBe(1);
    expect(filtersFromSearchParams({ page: '1e400' }).page).toBe(1);
    expect(filtersFromSearchParams({ page: '3' }).page).toBe(3);
  });

  it('when the words have spaces around them, then they are trimmed', () => {
    expect(filtersFromSearchParams({ q: '  jazz  ' }).q).toBe('jazz');
  });
});

describe('searchParamsOf and catalogHref', () => {
  it('when the filters are the defaults, then the address is the plain home page', () => {
    expect(catalogHref(filtersFromSearchParams({}))).toBe('/');
  });

  it('when filters are set, then the URL holds them and reads back to the same filters', () => {
    const filters = filtersFromSearchParams({
      q: 'opéra garnier',
      city: ['Paris', 'Saint-Étienne'],
      category: ['theatre', 'comedy'],
      minPrice: '10',
      maxPrice: '99.5',
      from: '2030-01-01',
      to: '2030-12-31',
      sort: 'price-desc',
      page: '4',
    });

    const params = searchParamsOf(filters);
    const back = filtersFromSearchParams({
      q: params.get('q') ?? undefined,
      city: params.getAll('city'),
      category: params.getAll('category'),
      minPrice: params.get('minPrice') ?? undefined,
      maxPrice: params.get('maxPrice') ?? undefined,
      from: params.get('from') ?? undefined,
      to: params.get('to') ?? undefined,
      sort: params.get('sort') ?? undefined,
      page: params.get('page') ?? undefined,
    });

    expect(back).toEqual(filters);
    expect(catalogHref(filters)).toBe(
      '/?q=op%C3%A9ra+garnier&city=Paris&city=Saint-%C3%89tienne&category=theatre&category=comedy' +
        '&minPrice=10&maxPrice=99.5&from=2030-01-01&to=2030-12-31&sort=price-desc&page=4',
    );
  });

  it('when only the sort and page are the defaults, then they are left out of the URL', () => {
    expect(catalogHref({ ...filtersFromSearchParams({}), q: 'jazz' })).toBe('/?q=jazz');
  });
});

describe('isFiltered', () => {
  it('when only the sort or the page differ, then the results are not filtered', () => {
    expect(isFiltered(filtersFromSearchParams({ sort: 'newest', page: '3' }))).toBe(false);
  });

  it.each([
    ['q', 'jazz'],
    ['city', 'Lyon'],
    ['category', 'sports'],
    ['minPrice', '5'],
    ['maxPrice', '5'],
    ['from', '2030-01-01'],
    ['to', '2030-01-01'],
  ])('when %s is set, then the results are filtered', (name, value) => {
    expect(isFiltered(filtersFromSearchParams({ [name]: value }))).toBe(true);
  });
});

describe('activeFilterCount', () => {
  it('when only the words, the sort or the page are set, then no filter of the panel is active', () => {
    expect(
      activeFilterCount(filtersFromSearchParams({ q: 'jazz', sort: 'newest', page: '2' })),
    ).toBe(0);
  });

  it('when cities and categories are ticked, then each one counts', () => {
    expect(
      activeFilterCount(
        filtersFromSearchParams({ city: ['Lyon', 'Paris'], category: ['concert', 'sports'] }),
      ),
    ).toBe(4);
  });

  it('when a price range and a date range are set, then each range counts once, whatever its bounds', () => {
    expect(
      activeFilterCount(
        filtersFromSearchParams({ minPrice: '5', maxPrice: '50', to: '2030-01-01' }),
      ),
    ).toBe(2);
    expect(activeFilterCount(filtersFromSearchParams({ maxPrice: '50' }))).toBe(1);
    expect(activeFilterCount(filtersFromSearchParams({ from: '2030-01-01' }))).toBe(1);
  });
});

describe('catalogApiQuery', () => {
  it('when a date range is set, then the API gets whole UTC days and the page size', () => {
    const query = catalogApiQuery(
      filtersFromSearchParams({ from: '2030-06-01', to: '2030-06-30', city: ['Lyon'], page: '2' }),
    );

    expect(Object.fromEntries(query)).toEqual({
      city: 'Lyon',
      from: '2030-06-01T00:00:00.000Z',
      to: '2030-06-30T23:59:59.999Z',
      page: '2',
      pageSize: '24',
    });
  });
});

describe('pageNumbers', () => {
  it.each([
    [1, 1, [1]],
    [1, 3, [1, 2, 3]],
    [1, 13, [1, 2, null, 13]],
    [7, 13, [1, null, 6, 7, 8, null, 13]],
    [3, 13, [1, 2, 3, 4, null, 13]],
    [4, 13, [1, 2, 3, 4, 5, null, 13]],
    [13, 13, [1, null, 12, 13]],
  ])('when on page %p of %p, then the links are %p', (current, last, shown) => {
    expect(pageNumbers(current, last)).toEqual(shown);
  });
});
