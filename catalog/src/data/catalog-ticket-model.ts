import { Schema, type Connection, type Model } from 'mongoose';
import { isDuplicateKeyError } from '@ticketing/common';
import type { CatalogTicket } from '../domain/catalog-ticket';

/** The catalog's durable read model: every ticket's latest state it has heard of, by id. */
export interface CatalogTicketDocument extends Omit<CatalogTicket, 'id'> {
  _id: string;
}

const optionalText = { type: String, required: false };

const catalogTicketSchema = new Schema<CatalogTicketDocument>(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    title: { type: String, required: true },
    price: { type: Number, required: true },
    status: { type: String, required: true },
    listedAt: { type: String, required: true },
    eventAt: optionalText,
    venue: optionalText,
    city: optionalText,
    category: optionalText,
    section: optionalText,
    row: optionalText,
    seat: optionalText,
    description: optionalText,
  },
  { versionKey: false, collection: 'catalog_tickets' },
);

export type CatalogTicketModel = Model<CatalogTicketDocument>;

export function createCatalogTicketModel(connection: Connection): CatalogTicketModel {
  return connection.model<CatalogTicketDocument>('CatalogTicket', catalogTicketSchema);
}

const documentOf = ({ id, ...state }: CatalogTicket): CatalogTicketDocument => ({
  _id: id,
  ...state,
});

export const ticketOf = ({ _id, ...state }: CatalogTicketDocument): CatalogTicket => ({
  id: _id,
  ...state,
});

/** Reads and writes the read model; every write keeps the newer version. */
export class CatalogStore {
  constructor(private readonly tickets: CatalogTicketModel) {}

  /**
   * Stores the ticket's state unless the store has it at this version or a newer one, in one
   * atomic write: the filter matches an older version (replaced) or nothing, in which case the
   * upsert inserts, and fails on the id when a newer or equal version is there. Says whether it
   * stored it.
   */
  async keepNewer(ticket: CatalogTicket): Promise<boolean> {
    const { _id, ...state } = documentOf(ticket);
    // Fields the new state does not have must not survive from the old one.
    const absent = Object.fromEntries(
      (['eventAt', 'venue', 'city', 'category', 'section', 'row', 'seat', 'description'] as const)
        .filter((field) => state[field] === undefined)
        .map((field) => [field, '']),
    );
    try {
      const result = await this.tickets.updateOne(
        { _id, version: { $lt: ticket.version } },
        { $set: state, ...(Object.keys(absent).length > 0 ? { $unset: absent } : {}) },
        { upsert: true },
      );
      return result.modifiedCount + result.upsertedCount > 0;
    } catch (err) {
      if (isDuplicateKeyError(err)) return false;
      throw err;
    }
  }

  /** The stored state of a ticket, if any. */
  async find(id: string): Promise<CatalogTicket | undefined> {
    const document = await this.tickets.findById(id).lean<CatalogTicketDocument>();
    return document ? ticketOf(document) : undefined;
  }

  /** Every stored ticket, in batches, for a replica's start. */
  async *all(): AsyncIterable<CatalogTicket[]> {
    let batch: CatalogTicket[] = [];
    for await (const document of this.tickets.find().lean<CatalogTicketDocument>().cursor()) {
      batch.push(ticketOf(document as CatalogTicketDocument));
      if (batch.length === 10_000) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }
}
