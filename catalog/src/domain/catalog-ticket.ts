import {
  TicketCategories,
  TicketStatus,
  type TicketCategory,
  type TicketCreatedData,
} from '@ticketing/common';

/** A ticket as the catalog keeps it: its full state as of `version`, from its latest event. */
export interface CatalogTicket {
  id: string;
  version: number;
  title: string;
  price: number;
  status: TicketStatus;
  /** When it was listed: from the event, or when the catalog first heard of it (older producers). */
  listedAt: string;
  eventAt?: string | undefined;
  venue?: string | undefined;
  city?: string | undefined;
  /** As the event says; a category this release does not know is shown as `other`. */
  category?: string | undefined;
  section?: string | undefined;
  row?: string | undefined;
  seat?: string | undefined;
  description?: string | undefined;
}

const present = (value: string | undefined) => (value ? value : undefined);

/**
 * The catalog's state of a ticket from one of its events. A producer older than `status` says only
 * whether an order holds the ticket: held reads as reserved (it cannot tell sold apart). Without
 * `listedAt`, the ticket keeps the listing time it had (`knownListedAt`), else the event's time.
 */
export function catalogTicketOf(
  data: TicketCreatedData,
  { occurredAt, knownListedAt }: { occurredAt: string; knownListedAt?: string | undefined },
): CatalogTicket {
  return {
    id: data.id,
    version: data.version,
    title: data.title,
    price: data.price,
    status: data.status ?? (data.orderId ? TicketStatus.Reserved : TicketStatus.OnSale),
    listedAt: data.listedAt ?? knownListedAt ?? occurredAt,
    eventAt: present(data.eventAt),
    venue: present(data.venue),
    city: present(data.city),
    category: present(data.category),
    section: present(data.section),
    row: present(data.row),
    seat: present(data.seat),
    description: present(data.description),
  };
}

export function knownCategory(category: string | undefined): TicketCategory | undefined {
  if (category === undefined) return undefined;
  return (TicketCategories as readonly string[]).includes(category)
    ? (category as TicketCategory)
    : 'other';
}
