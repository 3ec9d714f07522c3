import type { Metadata } from 'next';
import Link from 'next/link';
import { ListingList } from '@/components/listings/ListingList';
import { CursorPagedList } from '@/components/ui/CursorPagedList';
import { listTickets } from '@/lib/api/server';
import { requireUser } from '@/lib/session';

export const metadata: Metadata = { title: 'My listings' };

const PAGE_SIZE = 20;

export default async function ListingsPage({ searchParams }: PageProps<'/listings'>) {
  await requireUser('/listings');
  return (
    <>
      <div className="page-header">
        <h1>My listings</h1>
        <Link href="/tickets/new" className="button button-primary">
          Sell a ticket
        </Link>
      </div>
      <CursorPagedList
        path="/listings"
        after={(await searchParams).after}
        read={async (after) => {
          const { tickets, nextCursor } = await listTickets({
            mine: true,
            limit: PAGE_SIZE,
            after,
          });
          return { items: tickets, nextCursor };
        }}
        render={(tickets) => <ListingList tickets={tickets} />}
        loadingLabel="Loading your listings"
        invalidNotice="That page link is not valid; here are your newest listings."
        emptyTitle="You have not listed a ticket yet"
        noMoreTitle="No more listings"
        emptyHint={
          <>
            Have one to spare? <Link href="/tickets/new">Sell a ticket</Link>
          </>
        }
        nextLabel="Older listings"
      />
    </>
  );
}
