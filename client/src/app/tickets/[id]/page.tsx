import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PurchaseButton } from '@/components/tickets/PurchaseButton';
import { Price } from '@/components/ui/Price';
import { getCurrentUser, getTicket } from '@/lib/api/server';
import { signInPath } from '@/lib/return-path';

export async function generateMetadata({ params }: PageProps<'/tickets/[id]'>): Promise<Metadata> {
  const ticket = await getTicket((await params).id);
  return { title: ticket?.title ?? 'Ticket not found' };
}

export default async function TicketPage({ params }: PageProps<'/tickets/[id]'>) {
  const { id } = await params;
  const [user, ticket] = await Promise.all([getCurrentUser(), getTicket(id)]);
  if (!ticket) notFound();

  const isSeller = user?.id === ticket.userId;
  const reserved = Boolean(ticket.orderId);

  return (
    <article className="ticket-detail">
      <div className="ticket-detail-main">
        <p className="eyebrow">Ticket</p>
        <h1>{ticket.title}</h1>
        {!reserved && !isSeller && (
          <p className="muted">
            Purchasing reserves the ticket for you while you pay, so nobody else can buy it.
          </p>
        )}
        {reserved && (
          <p>
            <span className="badge badge-warning">Not available</span>{' '}
            <span className="muted">Someone has reserved or bought this ticket.</span>
          </p>
        )}
      </div>
      <div className="ticket-detail-stub">
        <Price value={ticket.price} className="price-large" />
        {isSeller ? (
          <>
            <Link href={`/tickets/${ticket.id}/edit`} className="button button-secondary">
              Edit
            </Link>
            <p className="field-hint">You are selling this ticket.</p>
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
