import Link from 'next/link';
import { Badge } from '@/components/ui/Badge';
import { Price } from '@/components/ui/Price';
import type { CurrentUser, Ticket } from '@ticketing/common/api';
import { signInPath } from '@/lib/return-path';
import { PurchaseButton } from './PurchaseButton';
import styles from './TicketDetail.module.css';

/** A ticket's page: its title and, on the stub, its price and what this visitor can do with it. */
export function TicketDetail({ ticket, user }: { ticket: Ticket; user: CurrentUser | null }) {
  const isSeller = user?.id === ticket.userId;
  const reserved = Boolean(ticket.orderId);

  return (
    <article className={styles.detail}>
      <div className={styles.main}>
        <p className="eyebrow">Ticket</p>
        <h1>{ticket.title}</h1>
        {!reserved && !isSeller && (
          <p className="muted">
            Purchasing reserves the ticket for you while you pay, so nobody else can buy it.
          </p>
        )}
        {reserved && (
          <p>
            <Badge tone="warning">Not available</Badge>{' '}
            <span className="muted">Someone has reserved or bought this ticket.</span>
          </p>
        )}
      </div>
      <div className={styles.stub}>
        <Price value={ticket.price} className={styles.price} />
        {isSeller ? (
          <>
            <Link href={`/tickets/${ticket.id}/edit`} className="button button-secondary">
              Edit
            </Link>
            <p className="hint">You are selling this ticket.</p>
          </>
        ) : !user ? (
          <Link href={signInPath(`/tickets/${ticket.id}`)} className="button button-primary">
            Sign in to buy
          </Link>
        ) : reserved ? null : (
          <PurchaseButton ticketId={ticket.id} />
        )}
      </div>
    </article>
  );
}
