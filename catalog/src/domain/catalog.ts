import type { TicketCreatedData } from '@ticketing/common';
import type { CatalogStore } from '../data/catalog-ticket-model';
import { catalogTicketOf, type CatalogTicket } from './catalog-ticket';
import type { CatalogIndex } from './catalog-index';

/** A ticket event as the catalog takes it: the ticket's full state as of its version. */
export interface TicketState {
  data: TicketCreatedData;
  occurredAt: string;
}

/**
 * The catalog's two copies of every ticket: the durable read model in the database (written once
 * per event, by the replica the queue group hands it to) and this replica's in-memory index (fed
 * every event by the replica's own subscription, and loaded from the database at start). Both keep
 * a ticket's newest version only, so any order and any repetition of events ends in the same state.
 */
export class Catalog {
  constructor(
    readonly index: CatalogIndex,
    private readonly database: CatalogStore,
  ) {}

  /** Into the database; false when it has this version or a newer one already. */
  async persist(state: TicketState): Promise<boolean> {
    const knownListedAt =
      state.data.listedAt === undefined
        ? (await this.database.find(state.data.id))?.listedAt
        : undefined;
    return this.database.keepNewer(catalogTicketOf(state.data, { ...state, knownListedAt }));
  }

  /** Into this replica's memory; false when it has this version or a newer one already. */
  remember({ data, occurredAt }: TicketState): boolean {
    const known = this.index.get(data.id);
    if (known && known.version >= data.version) return false;
    return this.index.apply(catalogTicketOf(data, { occurredAt, knownListedAt: known?.listedAt }));
  }

  /** Loads every ticket the database holds into memory; returns how many were newer than memory's. */
  async load(): Promise<number> {
    const stored: CatalogTicket[] = [];
    for await (const batch of this.database.all()) stored.push(...batch);
    // At once, so the orders are sorted once: events keep arriving meanwhile and wait their turn.
    return this.index.applyAll(stored);
  }
}
