import Link from 'next/link';
import { catalogHref, pageNumbers, type CatalogFilters } from '@/lib/catalog-query';
import styles from './CatalogPagination.module.css';

/** Previous, the page numbers (with gaps) and Next; every link keeps the filters. */
export function CatalogPagination({
  filters,
  lastPage,
}: {
  filters: CatalogFilters;
  lastPage: number;
}) {
  if (lastPage <= 1) return null;
  const current = filters.page;
  const href = (page: number) => catalogHref({ ...filters, page });
  return (
    <nav className={styles.pagination} aria-label="Pages">
      {current > 1 ? (
        <Link href={href(current - 1)} prefetch={false} rel="prev">
          ← Previous
        </Link>
      ) : (
        <span aria-hidden="true" />
      )}
      <ol className={styles.pages}>
        {pageNumbers(current, lastPage).map((page, i) =>
          page === null ? (
            <li key={`gap-${i}`} className={styles.gap} aria-hidden="true">
              …
            </li>
          ) : (
            <li key={page}>
              <Link
                href={href(page)}
                prefetch={false}
                aria-current={page === current ? 'page' : undefined}
                aria-label={`Page ${page}`}
                className={styles.page}
              >
                {page}
              </Link>
            </li>
          ),
        )}
      </ol>
      {current < lastPage ? (
        <Link href={href(current + 1)} prefetch={false} rel="next">
          Next →
        </Link>
      ) : (
        <span aria-hidden="true" />
      )}
    </nav>
  );
}
