import type { Metadata } from 'next';
import { TicketForm } from '@/components/tickets/TicketForm';
import { requireUser } from '@/lib/session';

export const metadata: Metadata = { title: 'Sell a ticket' };

export default async function NewTicketPage() {
  await requireUser('/tickets/new');
  return (
    <div className="narrow card">
      <h1>Sell a ticket</h1>
      <p className="lede">
        Buyers see it right away. You are paid when someone completes a purchase.
      </p>
      <TicketForm />
    </div>
  );
}
