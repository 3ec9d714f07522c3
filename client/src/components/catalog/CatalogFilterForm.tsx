import Link from 'next/link';
import type { ReactNode } from 'react';
import { TicketCategories, catalogSorts, type CatalogPage } from '@ticketing/common/api';
import { SORT_LABELS, activeFilterCount, type CatalogFilters } from '@/lib/catalog-query';
import { CATEGORY_LABELS } from '@/lib/ticket-details';
import styles from './CatalogFilterForm.module.css';

type Facet = CatalogPage['facets']['city'];

/** The cities offered: the most frequent, and every one already chosen (even when none is left). */
const CITIES_SHOWN = 12;

function withChosen(facet: Facet, chosen: readonly string[]): Facet {
  const shown = facet.slice(0, CITIES_SHOWN);
  const missing = chosen.filter((value) => !shown.some((f) => f.value === value));
  return [
    ...shown,
    ...missing.map((value) => ({ value, count: facet.find((f) => f.value === value)?.count ?? 0 })),
  ];
}

/**
 * Search, filters and sort in one plain GET form: it works before (or without) JavaScript, and
 * what it submits is the page's URL, so every result page can be shared and Back returns to it.
 * Changing the filters starts again at page 1 (no page field). On phones the filters fold away
 * behind a native "Filters" disclosure (closed boxes still submit), so the results come first; the
 * search and the sort stay outside it.
 */
export function CatalogFilterForm({
  filters,
  facets,
  clearHref,
  filtersRefused,
  heading,
  results,
}: {
  filters: CatalogFilters;
  facets: CatalogPage['facets'];
  clearHref: string | null;
  /** The catalog refused these filters: the panel opens on phones too, to correct them. */
  filtersRefused: boolean;
  /** The results' heading (their count), beside the sort. */
  heading: ReactNode;
  results: ReactNode;
}) {
  const categoryCount = (value: string) =>
    facets.category.find((f) => f.value === value)?.count ?? 0;
  const activeFilters = activeFilterCount(filters);
  return (
    <form method="get" action="/" className={styles.browser} aria-label="Find tickets">
      <div className={styles.search} role="search">
        <label htmlFor="catalog-q" className="visually-hidden">
          Search tickets
        </label>
        <input
          id="catalog-q"
          type="search"
          name="q"
          defaultValue={filters.q}
          placeholder="Search events, venues, cities"
          maxLength={200}
          className={styles.searchInput}
        />
        <button type="submit" className="button button-primary">
          Search
        </button>
      </div>

      <div className={styles.layout}>
        <details className={styles.filterPanel} open={filtersRefused}>
          <summary className={styles.filterToggle}>
            Filters
            {activeFilters > 0 && (
              <>
                {' '}
                ({activeFilters}
                <span className="visually-hidden"> active</span>)
              </>
            )}
          </summary>
          <div className={styles.filters}>
            <fieldset className={styles.group}>
              <legend>City</legend>
              {withChosen(facets.city, filters.city).map(({ value, count }) => (
                <Choice
                  key={value}
                  name="city"
                  value={value}
                  label={value}
                  count={count}
                  checked={filters.city.includes(value)}
                />
              ))}
              {facets.city.length === 0 && filters.city.length === 0 && (
                <p className="hint">No cities in these results.</p>
              )}
            </fieldset>

            <fieldset className={styles.group}>
              <legend>Category</legend>
              {TicketCategories.map((value) => (
                <Choice
                  key={value}
                  name="category"
                  value={value}
                  label={CATEGORY_LABELS[value]}
                  count={categoryCount(value)}
                  checked={filters.category.includes(value)}
                />
              ))}
            </fieldset>

            <fieldset className={styles.group}>
              <legend>Price (USD)</legend>
              <div className={styles.pair}>
                <Bound name="minPrice" label="Min" value={filters.minPrice} kind="price" />
                <Bound name="maxPrice" label="Max" value={filters.maxPrice} kind="price" />
              </div>
            </fieldset>

            <fieldset className={styles.group}>
              <legend>Date</legend>
              <div className={styles.stack}>
                <Bound name="from" label="From" value={filters.from} kind="date" />
                <Bound name="to" label="To" value={filters.to} kind="date" />
              </div>
            </fieldset>

            <div className={styles.actions}>
              <button type="submit" className="button button-secondary">
                Apply filters
              </button>
              {clearHref && (
                <Link href={clearHref} prefetch={false}>
                  Clear filters
                </Link>
              )}
            </div>
          </div>
        </details>

        <div className={styles.results}>
          <div className={styles.toolbar}>
            {heading}
            <div className={styles.sort}>
              <label htmlFor="catalog-sort">Sort by</label>
              <select id="catalog-sort" name="sort" defaultValue={filters.sort}>
                {catalogSorts.map((sort) => (
                  <option key={sort} value={sort}>
                    {SORT_LABELS[sort]}
                  </option>
                ))}
              </select>
              <button type="submit" className="button button-secondary button-small">
                Sort
              </button>
            </div>
          </div>
          {results}
        </div>
      </div>
    </form>
  );
}

function Choice({
  name,
  value,
  label,
  count,
  checked,
}: {
  name: string;
  value: string;
  label: string;
  count: number;
  checked: boolean;
}) {
  return (
    <label className={styles.choice}>
      <input type="checkbox" name={name} value={value} defaultChecked={checked} />
      <span className={styles.choiceLabel}>{label}</span>{' '}
      <span className={styles.count}>({count})</span>
    </label>
  );
}

function Bound({
  name,
  label,
  value,
  kind,
}: {
  name: string;
  label: string;
  value: string;
  kind: 'price' | 'date';
}) {
  const id = `catalog-${name}`;
  return (
    <div className={styles.bound}>
      <label htmlFor={id}>{label}</label>
      {kind === 'price' ? (
        <input
          id={id}
          name={name}
          defaultValue={value}
          inputMode="decimal"
          pattern="\d+(\.\d{1,2})?"
          placeholder={label === 'Min' ? '0' : 'Any'}
        />
      ) : (
        <input id={id} name={name} type="date" defaultValue={value} />
      )}
    </div>
  );
}
