import Link from 'next/link';
import styles from './CursorPagination.module.css';

/**
 * For lists read page by page with a cursor: back to the first page (when not on it) and on to the
 * next one (when there is more). `path` is the list's page; the cursor travels as `?after=`.
 */
export function CursorPagination({
  path,
  cursor,
  nextCursor,
  nextLabel,
}: {
  path: string;
  cursor?: string;
  nextCursor: string | null;
  nextLabel: string;
}) {
  if (!cursor && !nextCursor) return null;
  return (
    <nav className={styles.pagination} aria-label="Pages">
      {cursor && (
        <Link href={path} prefetch={false}>
          First page
        </Link>
      )}
      {nextCursor && (
        <Link
          href={`${path}?after=${encodeURIComponent(nextCursor)}`}
          prefetch={false}
          className={styles.next}
        >
          {nextLabel} →
        </Link>
      )}
    </nav>
  );
}

/** The `after` search parameter of a list page, when it is one string. */
export const cursorParam = (after: string | string[] | undefined) =>
  typeof after === 'string' && after !== '' ? after : undefined;
