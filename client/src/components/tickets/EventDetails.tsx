import type { ReactNode } from 'react';
import type { Ticket } from '@ticketing/common/api';
import { CATEGORY_LABELS, describeSeat } from '@/lib/ticket-details';
import { EventTime } from './EventTime';
import styles from './EventDetails.module.css';

type Details = Pick<
  Ticket,
  'eventAt' | 'venue' | 'city' | 'category' | 'section' | 'row' | 'seat' | 'description'
>;

/** What the ticket is for: when, where, what kind of event, which seat, and the seller's notes. */
export function EventDetails({ ticket }: { ticket: Details }) {
  const seat = describeSeat(ticket);
  const rows: [string, ReactNode][] = [
    ['When', ticket.eventAt ? <EventTime at={ticket.eventAt} /> : null],
    ['Venue', ticket.venue],
    ['City', ticket.city],
    ['Category', ticket.category ? CATEGORY_LABELS[ticket.category] : null],
    ['Seat', seat],
  ];
  const known = rows.filter(([, value]) => value);
  if (known.length === 0 && !ticket.description) return null;
  return (
    <>
      <dl className={styles.details}>
        {known.map(([term, value]) => (
          <div key={term} className={styles.row}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {ticket.description && <p className={styles.description}>{ticket.description}</p>}
    </>
  );
}
