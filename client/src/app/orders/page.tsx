import type { Metadata } from 'next';
import Link from 'next/link';
import { OrderList } from '@/components/orders/OrderList';
import { CursorPagedList } from '@/components/ui/CursorPagedList';
import { listOrders } from '@/lib/api/server';
import { requireUser } from '@/lib/session';

export const metadata: Metadata = { title: 'My orders' };

const PAGE_SIZE = 20;

export default async function OrdersPage({ searchParams }: PageProps<'/orders'>) {
  await requireUser('/orders');
  return (
    <>
      <div className="page-header">
        <h1>My orders</h1>
      </div>
      <CursorPagedList
        path="/orders"
        after={(await searchParams).after}
        read={async (after) => {
          const { orders, nextCursor } = await listOrders({ limit: PAGE_SIZE, after });
          return { items: orders, nextCursor };
        }}
        render={(orders) => <OrderList orders={orders} renderedAt={Date.now()} />}
        loadingLabel="Loading your orders"
        invalidNotice="That page link is not valid; here are your newest orders."
        emptyTitle="No orders yet"
        noMoreTitle="No more orders"
        emptyHint={
          <>
            When you reserve a ticket it shows up here. <Link href="/">Browse tickets</Link>
          </>
        }
        nextLabel="Older orders"
      />
    </>
  );
}
