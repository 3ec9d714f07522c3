import Link from 'next/link';
import { Price } from '@/components/ui/Price';
import type { Ticket } from '@ticketing/common/api';
import styles from './TicketList.module.css';

export function TicketList({ tickets }: { tickets: Ticket[] }) {
  return (
    <ul className={styles.grid}>
      {tickets.map((ticket) => (
        <li key={ticket.id}>
          <Link href={`/tickets/${ticket.id}`} className={styles.card}>
            <span className={styles.title}>{ticket.title}</span>
            <span className={styles.stub}>
              <Price value={ticket.price} />
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
