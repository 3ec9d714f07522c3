import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { OrderCheckout } from '@/components/orders/OrderCheckout';
import { StatusBadge } from '@/components/orders/StatusBadge';
import { Price } from '@/components/ui/Price';
import { loadClientConfig } from '@/config';
import { getOrder } from '@/lib/api/server';
import type { Order } from '@/lib/api/types';
import { requireUser } from '@/lib/session';

export const metadata: Metadata = { title: 'Order' };

export default async function OrderPage({ params }: PageProps<'/orders/[id]'>) {
  const { id } = await params;
  await requireUser(`/orders/${id}`);
  const order = await getOrder(id);
  if (!order) notFound();
  const { STRIPE_PUBLISHABLE_KEY } = loadClientConfig();

  return (
    <article className="order-detail card">
      <header className="order-detail-header">
        <div>
          <p className="eyebrow">Order</p>
          <h1>{order.ticket.title}</h1>
        </div>
        <StatusBadge status={order.status} />
      </header>
      <dl className="summary">
        <div>
          <dt>Price</dt>
          <dd>
            <Price value={order.ticket.price} />
          </dd>
        </div>
        <div>
          <dt>Order number</dt>
          <dd className="mono">{order.id}</dd>
        </div>
      </dl>
      {order.status === 'created' || order.status === 'awaiting:payment' ? (
        <OrderCheckout
          order={order}
          publishableKey={STRIPE_PUBLISHABLE_KEY}
          renderedAt={Date.now()}
        />
      ) : order.status === 'complete' ? (
        <div className="notice notice-success">
          <p>
            <strong>Paid.</strong> The ticket is yours. Enjoy the event!
          </p>
          <Link href="/orders">All my orders</Link>
        </div>
      ) : (
        <CancelledOrder order={order} />
      )}
    </article>
  );
}

function CancelledOrder({ order }: { order: Order }) {
  // The API does not say why an order was cancelled; one past its deadline most likely ran out.
  const expired = Date.parse(order.expiresAt) <= Date.now();
  return (
    <div className="checkout">
      {expired && <p className="countdown countdown-expired">Order expired</p>}
      <div className="notice">
        <p>
          This order was {expired ? 'not paid in time' : 'cancelled'}, so it can no longer be paid.
        </p>
        <Link href={`/tickets/${order.ticket.id}`}>See the ticket</Link>
      </div>
    </div>
  );
}
