import { Schema, type Connection, type HydratedDocument, type Model } from 'mongoose';
import {
  outboxPlugin,
  type OutboxFields,
  type OutboxMethods,
  type TicketUpdatedData,
} from '@ticketing/common';
import type { Ticket as TicketView } from '@ticketing/common/api';

export interface Ticket extends OutboxFields {
  title: string;
  price: number;
  userId: string;
  /** The order holding the ticket: reserved while that order is open, sold once it is complete. */
  orderId?: string;
  /**
   * The last orders released from this ticket: an order.created of one of them that arrives late
   * (after its cancel) or again (redelivered) must not reserve the ticket a second time.
   */
  releasedOrderIds: string[];
  version: number;
}

export type TicketDocument = HydratedDocument<Ticket, OutboxMethods>;
export type TicketModel = Model<Ticket, object, OutboxMethods>;

const ticketSchema = new Schema<Ticket, TicketModel, OutboxMethods>(
  {
    title: { type: String, required: true },
    price: { type: Number, required: true },
    userId: { type: String, required: true },
    orderId: { type: String },
    releasedOrderIds: { type: [String], default: [] },
  },
  {
    timestamps: true,
    // Every save checks and bumps `version`, so a save over a version it did not read fails.
    versionKey: 'version',
    optimisticConcurrency: true,
    toJSON: { transform: (doc) => ticketView(doc as TicketDocument) },
  },
);
ticketSchema.plugin(outboxPlugin);

/** What clients see of a ticket: the API contract's shape. */
function ticketView(ticket: TicketDocument): TicketView {
  return {
    id: ticket.id as string,
    title: ticket.title,
    price: ticket.price,
    userId: ticket.userId,
    version: ticket.version,
    ...(ticket.orderId && { orderId: ticket.orderId }),
  };
}

/** The payload of the ticket's events, as of the version its pending save will write. */
export function ticketEventData(ticket: TicketDocument, version: number): TicketUpdatedData {
  return { ...ticketView(ticket), version };
}

export function createTicketModel(connection: Connection): TicketModel {
  return connection.model<Ticket, TicketModel>('Ticket', ticketSchema);
}
