import Link from 'next/link';
import { Price } from '@/components/ui/Price';
import { formatDateTime } from '@/lib/format';
import type { Order } from '@ticketing/common/api';
import { TimeLeft } from './Countdown';
import { isPayable, orderStatusLabel } from './order-status';
import styles from '@/components/ui/RowList.module.css';
import { StatusBadge } from './StatusBadge';

/** The buyer's orders: what, when, for how much, where each stands, and paying the open ones. */
export function OrderList({ orders, renderedAt }: { orders: Order[]; renderedAt: number }) {
  return (
    <ul className={styles.list}>
      {orders.map((order) => (
        <li key={order.id} className={styles.row}>
          <div className={styles.what}>
            <Link href={`/orders/${order.id}`} prefetch={false} className={styles.title}>
              {order.ticket.title}
            </Link>
            {order.createdAt && (
              <span className={styles.meta}>
                Ordered <time dateTime={order.createdAt}>{formatDateTime(order.createdAt)}</time>
              </span>
            )}
          </div>
          <Price value={order.ticket.price} />
          <div className={styles.status}>
            <StatusBadge order={order} />
            <OrderState order={order} renderedAt={renderedAt} />
          </div>
        </li>
      ))}
    </ul>
  );
}

function OrderState({ order, renderedAt }: { order: Order; renderedAt: number }) {
  if (isPayable(order)) {
    return (
      <>
        <span className={styles.meta}>
          <TimeLeft expiresAt={order.expiresAt} renderedAt={renderedAt} /> left
        </span>
        <Link
          href={`/orders/${order.id}`}
          prefetch={false}
          className="button button-primary button-small"
          aria-label={`Pay now for ${order.ticket.title}`}
        >
          Pay now
        </Link>
      </>
    );
  }
  const { explanation } = orderStatusLabel(order);
  return explanation ? <span className={styles.meta}>{explanation}</span> : null;
}
