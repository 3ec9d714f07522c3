import Link from 'next/link';
import { Price } from '@/components/ui/Price';
import type { Order } from '@/lib/api/types';
import { StatusBadge } from './StatusBadge';

export function OrderList({ orders }: { orders: Order[] }) {
  return (
    <ul className="order-list">
      {orders.map((order) => (
        <li key={order.id} className="order-row">
          <Link href={`/orders/${order.id}`} className="order-row-title">
            {order.ticket.title}
          </Link>
          <Price value={order.ticket.price} className="order-row-price" />
          <StatusBadge status={order.status} />
        </li>
      ))}
    </ul>
  );
}
