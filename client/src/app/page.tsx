import Link from 'next/link';
import { Suspense } from 'react';
import { TicketList } from '@/components/tickets/TicketList';
import { TicketPagination } from '@/components/tickets/TicketPagination';
import { ListSkeleton } from '@/components/ui/ListSkeleton';
import { ApiError, getCurrentUser, listTickets, type TicketPage } from '@/lib/api/server';
import type { CurrentUser } from '@ticketing/common/api';

const PAGE_SIZE = 24;

export default async function HomePage({ searchParams }: PageProps<'/'>) {
  const { after } = await searchParams;
  const cursor = typeof after === 'string' ? after : undefined;
  const user = await getCurrentUser();

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Tickets on sale</h1>
          <p className="lede">
            Fresh listings first. Reserve one and you have a few minutes to pay.
          </p>
        </div>
        {user && (
          <Link href="/tickets/new" className="button button-primary">
            Sell a ticket
          </Link>
        )}
      </div>
      <Suspense key={cursor} fallback={<ListSkeleton rows={6} label="Loading tickets" />}>
        <TicketsOnSale cursor={cursor} user={user} />
      </Suspense>
    </>
  );
}

/** The page after `cursor`; the first page when the service rejects the cursor (an edited or stale link). */
async function pageAfter(cursor: string | undefined): Promise<TicketPage & { rejected: boolean }> {
  try {
    return { ...(await listTickets({ limit: PAGE_SIZE, after: cursor })), rejected: false };
  } catch (err) {
    if (!(cursor && err instanceof ApiError && err.status === 400)) throw err;
    return { ...(await listTickets({ limit: PAGE_SIZE })), rejected: true };
  }
}

async function TicketsOnSale({
  cursor: asked,
  user,
}: {
  cursor?: string;
  user: CurrentUser | null;
}) {
  const { tickets, nextCursor, rejected } = await pageAfter(asked);
  const cursor = rejected ? undefined : asked;
  return (
    <>
      {rejected && (
        <p className="notice" role="status">
          That page link is not valid; here are the newest tickets.
        </p>
      )}
      {tickets.length === 0 ? (
        <div className="empty-state">
          <h2>{cursor ? 'No more tickets' : 'No tickets on sale right now'}</h2>
          <p>
            {user ? (
              <>
                Have one to spare? <Link href="/tickets/new">Sell a ticket</Link>.
              </>
            ) : (
              <>
                Check back soon, or <Link href="/auth/signup">create an account</Link> to sell
                yours.
              </>
            )}
          </p>
        </div>
      ) : (
        <TicketList tickets={tickets} />
      )}
      <TicketPagination cursor={cursor} nextCursor={nextCursor} />
    </>
  );
}
