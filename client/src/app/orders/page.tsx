import type { Metadata } from 'next';
import Link from 'next/link';
import { Suspense } from 'react';
import { OrderList } from '@/components/orders/OrderList';
import { ListSkeleton } from '@/components/ui/ListSkeleton';
import { listOrders } from '@/lib/api/server';
import { requireUser } from '@/lib/session';

export const metadata: Metadata = { title: 'My orders' };

export default async function OrdersPage() {
  await requireUser('/orders');
  return (
    <>
      <div className="page-header">
        <h1>My orders</h1>
      </div>
      <Suspense fallback={<ListSkeleton rows={2} label="Loading your orders" />}>
        <MyOrders />
      </Suspense>
    </>
  );
}

async function MyOrders() {
  const orders = await listOrders();
  if (orders.length === 0) {
    return (
      <div className="empty-state">
        <h2>No orders yet</h2>
        <p>
          When you reserve a ticket it shows up here. <Link href="/">Browse tickets</Link>
        </p>
      </div>
    );
  }
  return <OrderList orders={orders} />;
}
