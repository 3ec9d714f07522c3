import { Price } from '@/components/ui/Price';
import type { CurrentUser, Order, Ticket } from '@ticketing/common/api';
import { EventDetails } from './EventDetails';
import { AvailabilityNote, TicketActions } from './TicketAvailability';
import { ticketSituation } from './ticket-situation';
import styles from './TicketDetail.module.css';

/** A ticket's page: its title and, on the stub, its price and what this visitor can do with it. */
export function TicketDetail({
  ticket,
  user,
  ownOrder,
  renderedAt,
}: {
  ticket: Ticket;
  user: CurrentUser | null;
  /** The viewer's own order for this ticket, if the order holding it is theirs. */
  ownOrder: Order | null;
  renderedAt: number;
}) {
  const situation = ticketSituation(ticket, user, ownOrder);

  return (
    <article className={styles.detail}>
      <div className={styles.main}>
        <p className="eyebrow">Ticket</p>
        <h1>{ticket.title}</h1>
        <EventDetails ticket={ticket} />
        <AvailabilityNote situation={situation} />
      </div>
      <div className={styles.stub}>
        <Price value={ticket.price} className={styles.price} />
        <TicketActions ticketId={ticket.id} situation={situation} renderedAt={renderedAt} />
      </div>
    </article>
  );
}
