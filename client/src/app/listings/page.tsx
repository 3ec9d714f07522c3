import type { Metadata } from 'next';
import Link from 'next/link';
import { Suspense } from 'react';
import { ListingList } from '@/components/listings/ListingList';
import { CursorPagination, cursorParam } from '@/components/ui/CursorPagination';
import { ListSkeleton } from '@/components/ui/ListSkeleton';
import { listTickets } from '@/lib/api/server';
import { readPageAfter } from '@/lib/cursor-page';
import { requireUser } from '@/lib/session';

export const metadata: Metadata = { title: 'My listings' };

const PAGE_SIZE = 20;

export default async function ListingsPage({ searchParams }: PageProps<'/listings'>) {
  await requireUser('/listings');
  const cursor = cursorParam((await searchParams).after);
  return (
    <>
      <div className="page-header">
        <h1>My listings</h1>
        <Link href="/tickets/new" className="button button-primary">
          Sell a ticket
        </Link>
      </div>
      <Suspense key={cursor} fallback={<ListSkeleton rows={3} label="Loading your listings" />}>
        <MyListings cursor={cursor} />
      </Suspense>
    </>
  );
}

async function MyListings({ cursor: asked }: { cursor?: string }) {
  const { page, cursor, rejected } = await readPageAfter(
    (after) => listTickets({ mine: true, limit: PAGE_SIZE, after }),
    asked,
  );
  return (
    <>
      {rejected && (
        <p className="notice" role="status">
          That page link is not valid; here are your newest listings.
        </p>
      )}
      {page.tickets.length === 0 ? (
        <div className="empty-state">
          <h2>{cursor ? 'No more listings' : 'You have not listed a ticket yet'}</h2>
          <p>
            Have one to spare? <Link href="/tickets/new">Sell a ticket</Link>
          </p>
        </div>
      ) : (
        <ListingList tickets={page.tickets} />
      )}
      <CursorPagination
        path="/listings"
        cursor={cursor}
        nextCursor={page.nextCursor}
        nextLabel="Older listings"
      />
    </>
  );
}
