import type { Metadata } from 'next';
import Link from 'next/link';
import { CatalogFilterForm } from '@/components/catalog/CatalogFilterForm';
import { CatalogPagination } from '@/components/catalog/CatalogPagination';
import { EmptyResults } from '@/components/catalog/EmptyResults';
import { TicketList } from '@/components/tickets/TicketList';
import { ApiError, getCurrentUser, searchCatalog } from '@/lib/api/server';
import {
  catalogApiQuery,
  catalogHref,
  filtersFromSearchParams,
  isFiltered,
  type CatalogFilters,
} from '@/lib/catalog-query';
import type { ApiErrorItem, CatalogPage } from '@ticketing/common/api';

export async function generateMetadata({ searchParams }: PageProps<'/'>): Promise<Metadata> {
  const { q, page } = filtersFromSearchParams(await searchParams);
  const what = q ? `Tickets for “${q}”` : 'Tickets on sale';
  // The layout's title template applies below it, not to its own page.
  return { title: { absolute: `${page > 1 ? `${what}, page ${page}` : what} · Ticketing` } };
}

const NO_RESULTS: CatalogPage = {
  items: [],
  total: 0,
  page: 1,
  pageSize: 1,
  facets: { city: [], category: [] },
};

/** The catalog's answer, or the reasons it refused these filters (say, a minimum above the maximum). */
async function search(
  filters: CatalogFilters,
): Promise<{ results: CatalogPage; refused: ApiErrorItem[] }> {
  try {
    return { results: await searchCatalog(catalogApiQuery(filters)), refused: [] };
  } catch (err) {
    if (err instanceof ApiError && err.status === 400) {
      return { results: NO_RESULTS, refused: err.errors };
    }
    throw err;
  }
}

export default async function HomePage({ searchParams }: PageProps<'/'>) {
  const filters = filtersFromSearchParams(await searchParams);
  const [user, { results, refused }] = await Promise.all([getCurrentUser(), search(filters)]);
  const filtered = isFiltered(filters);
  const clearHref = filtered
    ? catalogHref({ ...filtersFromSearchParams({}), sort: filters.sort })
    : null;
  const lastPage = Math.max(1, Math.ceil(results.total / results.pageSize));
  const firstShown = (results.page - 1) * results.pageSize + 1;
  const lastShown = firstShown + results.items.length - 1;

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Tickets on sale</h1>
          <p className="lede">
            Find an event by name, place or date. Reserve a ticket and you have a few minutes to
            pay.
          </p>
        </div>
        {user && (
          <Link href="/tickets/new" className="button button-primary">
            Sell a ticket
          </Link>
        )}
      </div>
      <CatalogFilterForm
        filters={filters}
        facets={results.facets}
        clearHref={clearHref}
        filtersRefused={refused.length > 0}
        heading={
          <h2>
            {results.total === 1 ? '1 ticket' : `${results.total.toLocaleString('en-US')} tickets`}
            {results.items.length > 0 && results.total > results.items.length && (
              <span className="muted">
                {' '}
                · showing {firstShown}–{lastShown}
              </span>
            )}
          </h2>
        }
        results={
          <>
            {refused.length > 0 && (
              <div className="alert alert-error" role="alert">
                {refused.map(({ message }) => (
                  <p key={message}>{message}</p>
                ))}
              </div>
            )}
            {results.items.length > 0 ? (
              <TicketList tickets={results.items} />
            ) : (
              <EmptyResults
                filtered={filtered}
                clearHref={clearHref}
                pastTheEnd={results.total > 0}
                signedIn={Boolean(user)}
                firstPage={catalogHref({ ...filters, page: 1 })}
              />
            )}
            <CatalogPagination filters={filters} lastPage={lastPage} />
          </>
        }
      />
    </>
  );
}
