import Link from 'next/link';
import { Price } from '@/components/ui/Price';
import type { Order } from '@ticketing/common/api';
import styles from './OrderList.module.css';
import { StatusBadge } from './StatusBadge';

export function OrderList({ orders }: { orders: Order[] }) {
  return (
    <ul className={styles.list}>
      {orders.map((order) => (
        <li key={order.id} className={styles.row}>
          <Link href={`/orders/${order.id}`} className={styles.title}>
            {order.ticket.title}
          </Link>
          <Price value={order.ticket.price} />
          <StatusBadge status={order.status} />
        </li>
      ))}
    </ul>
  );
}
