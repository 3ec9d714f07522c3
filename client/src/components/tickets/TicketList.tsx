import Link from 'next/link';
import { Price } from '@/components/ui/Price';
import type { Ticket } from '@/lib/api/types';

export function TicketList({ tickets }: { tickets: Ticket[] }) {
  return (
    <ul className="ticket-grid">
      {tickets.map((ticket) => (
        <li key={ticket.id}>
          <Link href={`/tickets/${ticket.id}`} className="ticket-card">
            <span className="ticket-card-title">{ticket.title}</span>
            <span className="ticket-card-stub">
              <Price value={ticket.price} />
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
