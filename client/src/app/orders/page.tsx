import type { Metadata } from 'next';
import Link from 'next/link';
import { Suspense } from 'react';
import { OrderList } from '@/components/orders/OrderList';
import { CursorPagination, cursorParam } from '@/components/ui/CursorPagination';
import { ListSkeleton } from '@/components/ui/ListSkeleton';
import { listOrders } from '@/lib/api/server';
import { readPageAfter } from '@/lib/cursor-page';
import { requireUser } from '@/lib/session';

export const metadata: Metadata = { title: 'My orders' };

const PAGE_SIZE = 20;

export default async function OrdersPage({ searchParams }: PageProps<'/orders'>) {
  await requireUser('/orders');
  const cursor = cursorParam((await searchParams).after);
  return (
    <>
      <div className="page-header">
        <h1>My orders</h1>
      </div>
      <Suspense key={cursor} fallback={<ListSkeleton rows={3} label="Loading your orders" />}>
        <MyOrders cursor={cursor} />
      </Suspense>
    </>
  );
}

async function MyOrders({ cursor: asked }: { cursor?: string }) {
  const { page, cursor, rejected } = await readPageAfter(
    (after) => listOrders({ limit: PAGE_SIZE, after }),
    asked,
  );
  return (
    <>
      {rejected && (
        <p className="notice" role="status">
          That page link is not valid; here are your newest orders.
        </p>
      )}
      {page.orders.length === 0 ? (
        <div className="empty-state">
          <h2>{cursor ? 'No more orders' : 'No orders yet'}</h2>
          <p>
            When you reserve a ticket it shows up here. <Link href="/">Browse tickets</Link>
          </p>
        </div>
      ) : (
        <OrderList orders={page.orders} renderedAt={Date.now()} />
      )}
      <CursorPagination
        path="/orders"
        cursor={cursor}
        nextCursor={page.nextCursor}
        nextLabel="Older orders"
      />
    </>
  );
}
