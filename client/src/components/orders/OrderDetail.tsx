import Link from 'next/link';
import { Price } from '@/components/ui/Price';
import type { Order } from '@ticketing/common/api';
import styles from './OrderDetail.module.css';
import { OrderCheckout } from './OrderCheckout';
import { StatusBadge } from './StatusBadge';

interface OrderDetailProps {
  order: Order;
  /** Stripe's publishable key from the server's configuration; without it, the test card form. */
  publishableKey?: string;
}

/** One of the user's orders: what it is for, and paying for it, its confirmation or why it ended. */
export function OrderDetail({ order, publishableKey }: OrderDetailProps) {
  return (
    <article className={`${styles.detail} card`}>
      <header className={styles.header}>
        <div>
          <p className="eyebrow">Order</p>
          <h1>{order.ticket.title}</h1>
        </div>
        <StatusBadge status={order.status} />
      </header>
      <dl className={styles.summary}>
        <div>
          <dt>Price</dt>
          <dd>
            <Price value={order.ticket.price} />
          </dd>
        </div>
        <div>
          <dt>Order number</dt>
          <dd className={styles.orderNumber}>{order.id}</dd>
        </div>
      </dl>
      {order.status === 'created' || order.status === 'awaiting:payment' ? (
        <OrderCheckout order={order} publishableKey={publishableKey} renderedAt={Date.now()} />
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
    <div className={styles.cancelled}>
      {expired && <p className={styles.expired}>Order expired</p>}
      <div className="notice">
        <p>
          This order was {expired ? 'not paid in time' : 'cancelled'}, so it can no longer be paid.
        </p>
        <Link href={`/tickets/${order.ticket.id}`}>See the ticket</Link>
      </div>
    </div>
  );
}
