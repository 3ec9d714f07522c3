import { Schema, type Connection, type Model } from 'mongoose';

/**
 * Orders' copy of a ticket, kept from the tickets service's events and applied strictly in version
 * order, so it is always some real past state of the ticket. `_id` is the ticket's own id.
 */
export interface TicketCopy {
  _id: string;
  title: string;
  price: number;
  /**
   * The seller (the ticket's `userId`), who may not order it. Copies kept before it was recorded lack
   * it until their next ticket.updated.
   */
  sellerId: string;
  version: number;
}

export type TicketCopyModel = Model<TicketCopy>;

const ticketCopySchema = new Schema<TicketCopy>(
  {
    _id: { type: String, required: true },
    title: { type: String, required: true },
    price: { type: Number, required: true },
    sellerId: { type: String, required: true },
    version: { type: Number, required: true },
  },
  // `version` is the tickets service's, set from its events, not a mongoose document version.
  { versionKey: false },
);

export function createTicketCopyModel(connection: Connection): TicketCopyModel {
  return connection.model<TicketCopy>('Ticket', ticketCopySchema);
}
