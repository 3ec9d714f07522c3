import Link from 'next/link';
import styles from './TicketPagination.module.css';

/** Back to the first page (when not on it) and on to the tickets after this page (when there are more). */
export function TicketPagination({
  cursor,
  nextCursor,
}: {
  cursor?: string;
  nextCursor: string | null;
}) {
  if (!cursor && !nextCursor) return null;
  return (
    <nav className={styles.pagination} aria-label="Pages">
      {cursor && <Link href="/">First page</Link>}
      {nextCursor && (
        <Link href={`/?after=${encodeURIComponent(nextCursor)}`} className={styles.next}>
          More tickets →
        </Link>
      )}
    </nav>
  );
}
