import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { TicketDetail } from '@/components/tickets/TicketDetail';
import { getCurrentUser, getOrder, getTicket } from '@/lib/api/server';

export async function generateMetadata({ params }: PageProps<'/tickets/[id]'>): Promise<Metadata> {
  const ticket = await getTicket((await params).id);
  return { title: ticket?.title ?? 'Ticket not found' };
}

export default async function TicketPage({ params }: PageProps<'/tickets/[id]'>) {
  const { id } = await params;
  const [user, ticket] = await Promise.all([getCurrentUser(), getTicket(id)]);
  if (!ticket) notFound();
  // The orders service shows an order to its buyer only: found, the order holding the ticket is the viewer's.
  const ownOrder =
    user && ticket.orderId && ticket.userId !== user.id ? await getOrder(ticket.orderId) : null;
  return <TicketDetail ticket={ticket} user={user} ownOrder={ownOrder} renderedAt={Date.now()} />;
}
