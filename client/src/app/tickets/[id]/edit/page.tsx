import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { TicketForm } from '@/components/tickets/TicketForm';
import { statusOf } from '@/components/tickets/ticket-situation';
import { getTicket } from '@/lib/api/server';
import { requireUser } from '@/lib/session';

export const metadata: Metadata = { title: 'Edit ticket' };

export default async function EditTicketPage({ params }: PageProps<'/tickets/[id]/edit'>) {
  const { id } = await params;
  const user = await requireUser(`/tickets/${id}/edit`);
  const ticket = await getTicket(id);
  if (!ticket) notFound();
  if (ticket.userId !== user.id) {
    return (
      <div className="narrow card">
        <h1>You can’t edit this ticket</h1>
        <p>
          Only the seller who listed “{ticket.title}” can change it. You are signed in as{' '}
          {user.email}.
        </p>
        <Link href={`/tickets/${id}`} className="button button-primary">
          Back to the ticket
        </Link>
      </div>
    );
  }

  const status = statusOf(ticket);
  if (status === 'sold') {
    return (
      <div className="narrow card">
        <h1>This ticket is sold</h1>
        <p>A sold ticket is final, so “{ticket.title}” can no longer be changed.</p>
        <Link href={`/tickets/${id}`} className="button button-primary">
          Back to the ticket
        </Link>
      </div>
    );
  }

  const reservedNote = 'reserved-note';
  return (
    <div className="narrow card">
      <h1>Edit ticket</h1>
      {status === 'reserved' ? (
        <>
          <p id={reservedNote} className="alert alert-warning">
            A buyer has reserved this ticket and is paying for it, so it cannot be changed now. If
            they do not pay in time, it is back on sale and you can edit it again.
          </p>
          {/* Shown as it is, every field and the button disabled, until the reservation ends. */}
          <fieldset className="fieldset-plain" disabled aria-describedby={reservedNote}>
            <TicketForm ticket={ticket} />
          </fieldset>
        </>
      ) : (
        <TicketForm ticket={ticket} />
      )}
    </div>
  );
}
