import type { Ticket, TicketCategory } from '@ticketing/common/api';

export const CATEGORY_LABELS: Record<TicketCategory, string> = {
  concert: 'Concert',
  sports: 'Sports',
  theatre: 'Theatre',
  comedy: 'Comedy',
  festival: 'Festival',
  other: 'Other',
};

/**
 * When an event starts, in the given time zone (the visitor's when none is given) and the
 * runtime's locale. The zone is named when it is given: the server does not know the visitor's.
 */
export function formatEventTime(iso: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(undefined, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone,
    timeZoneName: timeZone ? 'short' : undefined,
  }).format(new Date(iso));
}

type SeatParts = Pick<Ticket, 'section' | 'row' | 'seat'>;

/** "Section B · Row F · Seat 12", or null when the ticket names no seat. */
export function describeSeat({ section, row, seat }: SeatParts): string | null {
  const parts = [
    section && `Section ${section}`,
    row && `Row ${row}`,
    seat && `Seat ${seat}`,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : null;
}

/** "Venue, City", or whichever of the two the ticket has. */
export function describePlace({ venue, city }: Pick<Ticket, 'venue' | 'city'>): string | null {
  const parts = [venue, city].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : null;
}
