import { randomUUID } from 'node:crypto';
import { TicketStatus, type TicketCreatedData } from '@ticketing/common';
import type { CatalogTicket } from '../domain/catalog-ticket';
import type { CatalogQuery } from '../domain/catalog-query';

const DAY_MS = 24 * 60 * 60_000;

/** An ISO date-time `days` from now (negative: in the past). */
export const daysFromNow = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString();

export const uniqueId = () => `ticket-${randomUUID()}`;

/** A ticket on sale, listed now, for an event in 30 days, unless told otherwise. */
export function catalogTicket(fields: Partial<CatalogTicket> = {}): CatalogTicket {
  return {
    id: uniqueId(),
    version: 0,
    title: 'An evening of music',
    price: 40,
    status: TicketStatus.OnSale,
    listedAt: new Date().toISOString(),
    eventAt: daysFromNow(30),
    venue: 'Town Hall',
    city: 'Leeds',
    category: 'concert',
    ...fields,
  };
}

/** A ticket event's payload as the tickets service publishes it (the full state as of `version`). */
export function ticketEvent(fields: Partial<TicketCreatedData> = {}): TicketCreatedData {
  return {
    id: uniqueId(),
    version: 0,
    title: 'An evening of music',
    price: 40,
    userId: `user-${randomUUID()}`,
    status: TicketStatus.OnSale,
    listedAt: new Date().toISOString(),
    eventAt: daysFromNow(30),
    venue: 'Town Hall',
    city: 'Leeds',
    category: 'concert',
    ...fields,
  };
}

export function catalogQuery(fields: Partial<CatalogQuery> = {}): CatalogQuery {
  return {
    cities: [],
    categories: [],
    sort: 'soonest',
    page: 1,
    pageSize: 24,
    status: 'on-sale',
    ...fields,
  };
}
