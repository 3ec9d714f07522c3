import Link from 'next/link';

/** Why there is nothing to show, and the way out: clearing the filters, or the first page. */
export function EmptyResults({
  filtered,
  clearHref,
  pastTheEnd,
  signedIn,
  firstPage,
}: {
  filtered: boolean;
  clearHref: string | null;
  pastTheEnd: boolean;
  signedIn: boolean;
  firstPage: string;
}) {
  if (pastTheEnd) {
    return (
      <div className="empty-state">
        <h3>No more tickets</h3>
        <p>
          This page is past the last result. <Link href={firstPage}>Back to the first page</Link>.
        </p>
      </div>
    );
  }
  if (filtered && clearHref) {
    return (
      <div className="empty-state">
        <h3>No tickets match</h3>
        <p>Try other words, fewer filters or a wider price or date range.</p>
        <div className="actions">
          <Link href={clearHref} className="button button-primary" prefetch={false}>
            Clear filters
          </Link>
        </div>
      </div>
    );
  }
  return (
    <div className="empty-state">
      <h3>No tickets on sale right now</h3>
      <p>
        {signedIn ? (
          <>
            Have one to spare? <Link href="/tickets/new">Sell a ticket</Link>.
          </>
        ) : (
          <>
            Check back soon, or <Link href="/auth/signup">create an account</Link> to sell yours.
          </>
        )}
      </p>
    </div>
  );
}
