import Link from 'next/link';
import { EventTime } from '@/components/tickets/EventTime';
import { statusOf } from '@/components/tickets/ticket-situation';
import { Badge } from '@/components/ui/Badge';
import { Price } from '@/components/ui/Price';
import { formatDateTime } from '@/lib/format';
import { describePlace } from '@/lib/ticket-details';
import type { Ticket } from '@ticketing/common/api';
import styles from '@/components/ui/RowList.module.css';

/** A seller's tickets: what and when the event is, the price, and where each sale stands. */
export function ListingList({ tickets }: { tickets: Ticket[] }) {
  return (
    <ul className={styles.list}>
      {tickets.map((ticket) => {
        const place = describePlace(ticket);
        return (
          <li key={ticket.id} className={styles.row}>
            <div className={styles.what}>
              <Link href={`/tickets/${ticket.id}`} prefetch={false} className={styles.title}>
                {ticket.title}
              </Link>
              {(ticket.eventAt || place) && (
                <span className={styles.meta}>
                  {ticket.eventAt && <EventTime at={ticket.eventAt} />}
                  {ticket.eventAt && place && ' · '}
                  {place}
                </span>
              )}
            </div>
            <Price value={ticket.price} />
            <div className={styles.status}>
              <ListingStatus ticket={ticket} />
            </div>
          </li>
        );
      })}
    </ul>
  );
}

function ListingStatus({ ticket }: { ticket: Ticket }) {
  switch (statusOf(ticket)) {
    case 'on-sale':
      return <Badge tone="info">On sale</Badge>;
    case 'reserved':
      return <Badge tone="warning">Reserved</Badge>;
    case 'sold':
      return (
        <>
          <Badge tone="success">Sold</Badge>
          {ticket.soldAt && (
            <span className={styles.meta}>
              <time dateTime={ticket.soldAt}>{formatDateTime(ticket.soldAt)}</time>
            </span>
          )}
        </>
      );
  }
}
