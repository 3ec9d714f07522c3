import Link from 'next/link';
import { Price } from '@/components/ui/Price';
import type { Ticket } from '@ticketing/common/api';
import { CATEGORY_LABELS, describePlace, describeSeat } from '@/lib/ticket-details';
import { EventTime } from './EventTime';
import styles from './TicketList.module.css';

export type TicketSummary = Pick<
  Ticket,
  'id' | 'title' | 'price' | 'eventAt' | 'venue' | 'city' | 'category' | 'section' | 'row' | 'seat'
>;

/**
 * Tickets as cards of one fixed size (a placeholder line where a detail is missing), so a page of
 * them takes the same space whatever they hold.
 */
export function TicketList({ tickets }: { tickets: TicketSummary[] }) {
  return (
    <ul className={styles.grid}>
      {tickets.map((ticket) => (
        <li key={ticket.id}>
          <TicketCard ticket={ticket} />
        </li>
      ))}
    </ul>
  );
}

function TicketCard({ ticket }: { ticket: TicketSummary }) {
  const place = describePlace(ticket);
  const seat = describeSeat(ticket);
  return (
    // Not prefetched: a page of results would fetch every ticket's page nobody opens.
    <Link href={`/tickets/${ticket.id}`} prefetch={false} className={styles.card}>
      <span className={styles.body}>
        <span className={styles.meta}>
          {ticket.category ? CATEGORY_LABELS[ticket.category] : 'Ticket'}
        </span>
        <span className={styles.title}>{ticket.title}</span>
        <span className={styles.line}>
          {ticket.eventAt ? <EventTime at={ticket.eventAt} /> : 'Date to be announced'}
        </span>
        <span className={styles.line}>{place ?? 'Venue to be announced'}</span>
        <span className={styles.line}>{seat ?? 'Open seating'}</span>
      </span>
      <span className={styles.stub}>
        <Price value={ticket.price} />
      </span>
    </Link>
  );
}
