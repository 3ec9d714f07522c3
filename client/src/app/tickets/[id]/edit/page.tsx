import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { TicketForm } from '@/components/tickets/TicketForm';
import { getTicket } from '@/lib/api/server';
import { requireUser } from '@/lib/session';

export const metadata: Metadata = { title: 'Edit ticket' };

export default async function EditTicketPage({ params }: PageProps<'/tickets/[id]/edit'>) {
  const { id } = await params;
  const user = await requireUser(`/tickets/${id}/edit`);
  const ticket = await getTicket(id);
  if (!ticket) notFound();
  if (ticket.userId !== user.id) redirect(`/tickets/${id}`);

  return (
    <div className="narrow card">
      <h1>Edit ticket</h1>
      {ticket.orderId && (
        <p className="alert alert-warning">
          This ticket is reserved by a buyer right now, so it cannot be changed.
        </p>
      )}
      <TicketForm ticket={ticket} />
    </div>
  );
}
