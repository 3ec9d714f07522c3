import Link from 'next/link';
import { Suspense } from 'react';
import { TicketList } from '@/components/tickets/TicketList';
import { ListSkeleton } from '@/components/ui/ListSkeleton';
import { getCurrentUser, listTickets } from '@/lib/api/server';
import type { CurrentUser } from '@/lib/api/types';

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

async function TicketsOnSale({ cursor, user }: { cursor?: string; user: CurrentUser | null }) {
  const { tickets, nextCursor } = await listTickets({ limit: PAGE_SIZE, after: cursor });
  return (
    <>
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
      {(cursor || nextCursor) && (
        <nav className="pagination" aria-label="Pages">
          {cursor && <Link href="/">First page</Link>}
          {nextCursor && (
            <Link href={`/?after=${encodeURIComponent(nextCursor)}`} className="pagination-next">
              More tickets →
            </Link>
          )}
        </nav>
      )}
    </>
  );
}
