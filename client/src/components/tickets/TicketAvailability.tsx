import Link from 'next/link';
import { TimeLeft } from '@/components/orders/Countdown';
import { Badge } from '@/components/ui/Badge';
import { formatDateTime, minutesUntil } from '@/lib/format';
import { signInPath } from '@/lib/return-path';
import { PurchaseButton } from './PurchaseButton';
import type { TicketSituation } from './ticket-situation';

/** The line under the ticket's title that says whether it can be bought, and by whom. */
export function AvailabilityNote({ situation }: { situation: TicketSituation }) {
  switch (situation.kind) {
    case 'on-sale':
      return (
        <p className="muted">
          Purchasing reserves the ticket for you while you pay, so nobody else can buy it.
        </p>
      );
    case 'reserved':
      return (
        <p>
          <Badge tone="warning">Reserved</Badge>{' '}
          <span className="muted">
            — may be back on sale{' '}
            {situation.reservedUntil ? `in ${minutesUntil(situation.reservedUntil)} min` : 'soon'},
            if the buyer does not pay in time.
          </span>
        </p>
      );
    case 'sold':
      return (
        <p>
          <Badge tone="neutral">Sold</Badge>{' '}
          <span className="muted">This ticket has been sold.</span>
        </p>
      );
    case 'reserved-by-you':
      return (
        <p>
          <Badge tone="info">Reserved by you</Badge>
        </p>
      );
    case 'bought-by-you':
      return (
        <p>
          <Badge tone="success">Yours</Badge> <span className="muted">You bought this ticket.</span>
        </p>
      );
    case 'your-listing':
      return <YourListingNote status={situation.status} soldAt={situation.soldAt} />;
  }
}

function YourListingNote({
  status,
  soldAt,
}: Pick<Extract<TicketSituation, { kind: 'your-listing' }>, 'status' | 'soldAt'>) {
  if (status === 'sold') {
    return (
      <p>
        <Badge tone="success">Sold</Badge>{' '}
        <span className="muted">
          {soldAt ? `You sold this ticket on ${formatDateTime(soldAt)}.` : 'You sold this ticket.'}
        </span>
      </p>
    );
  }
  if (status === 'reserved') {
    return (
      <p>
        <Badge tone="warning">Reserved</Badge>{' '}
        <span className="muted">A buyer is paying for it; it cannot be changed meanwhile.</span>
      </p>
    );
  }
  return <p className="muted">You are selling this ticket.</p>;
}

/** What the visitor can do with the ticket, on its stub. */
export function TicketActions({
  ticketId,
  situation,
  renderedAt,
}: {
  ticketId: string;
  situation: TicketSituation;
  renderedAt: number;
}) {
  switch (situation.kind) {
    case 'on-sale':
      return situation.signedIn ? (
        <PurchaseButton ticketId={ticketId} />
      ) : (
        <Link href={signInPath(`/tickets/${ticketId}`)} className="button button-primary">
          Sign in to buy
        </Link>
      );
    case 'reserved-by-you':
      return (
        <>
          <p>
            Reserved by you —{' '}
            <TimeLeft expiresAt={situation.order.expiresAt} renderedAt={renderedAt} /> left
          </p>
          <Link href={`/orders/${situation.order.id}`} className="button button-primary">
            Continue to payment
          </Link>
        </>
      );
    case 'bought-by-you':
      return (
        <Link href={`/orders/${situation.order.id}`} className="button button-primary">
          See your e-ticket
        </Link>
      );
    case 'your-listing':
      // A sold ticket is final; a reserved one's edit page explains why it cannot be changed now.
      return situation.status === 'sold' ? null : (
        <Link href={`/tickets/${ticketId}/edit`} className="button button-secondary">
          Edit
        </Link>
      );
    case 'reserved':
    case 'sold':
      return null;
  }
}
