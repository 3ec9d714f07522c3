import Link from 'next/link';
import { Price } from '@/components/ui/Price';
import type { Order } from '@ticketing/common/api';
import { ETicket } from './ETicket';
import styles from './OrderDetail.module.css';
import { OrderCheckout } from './OrderCheckout';
import { isPayable } from './order-status';
import { Receipt } from './Receipt';
import { StatusBadge } from './StatusBadge';

interface OrderDetailProps {
  order: Order;
  /** Stripe's publishable key from the server's configuration; without it, the test card form. */
  publishableKey?: string;
}

/** One of the user's orders: what it is for, and paying for it, its receipt and e-ticket, or why it ended. */
export function OrderDetail({ order, publishableKey }: OrderDetailProps) {
  return (
    <article className={`${styles.detail} card`}>
      <header className={styles.header}>
        <div>
          <p className="eyebrow">Order</p>
          <h1>{order.ticket.title}</h1>
        </div>
        <StatusBadge order={order} />
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
      {isPayable(order) ? (
        <OrderCheckout order={order} publishableKey={publishableKey} renderedAt={Date.now()} />
      ) : order.status === 'complete' ? (
        <CompletedOrder order={order} />
      ) : (
        <CancelledOrder order={order} />
      )}
    </article>
  );
}

function CompletedOrder({ order }: { order: Order }) {
  return (
    <div className={styles.completed}>
      <div className="notice notice-success">
        <p>
          <strong>Paid.</strong> The ticket is yours. Enjoy the event!
        </p>
      </div>
      {order.receipt && <Receipt orderId={order.id} receipt={order.receipt} />}
      {order.eTicketCode && <ETicket code={order.eTicketCode} title={order.ticket.title} />}
      <Link href="/orders" className={styles.screenOnly}>
        All my orders
      </Link>
    </div>
  );
}

const CANCELLED: Record<NonNullable<Order['cancelReason']> | 'unknown', string> = {
  expired: 'This order was not paid in time, so it can no longer be paid.',
  'cancelled-by-buyer': 'You cancelled this order, so it can no longer be paid.',
  unknown: 'This order was cancelled, so it can no longer be paid.',
};

function CancelledOrder({ order }: { order: Order }) {
  const reason = order.cancelReason ?? 'unknown';
  return (
    <div className={styles.cancelled}>
      {reason === 'expired' && <p className={styles.expired}>Order expired</p>}
      <div className="notice">
        <p>{CANCELLED[reason]}</p>
        <Link href={`/tickets/${order.ticket.id}`}>See the ticket</Link>
      </div>
    </div>
  );
}
