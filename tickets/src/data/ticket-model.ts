import {
  Schema,
  type Connection,
  type HydratedDocument,
  type Model,
  type QueryFilter,
  type Types,
} from 'mongoose';
import {
  outboxPlugin,
  TicketStatus,
  type OutboxFields,
  type OutboxMethods,
  type TicketCategory,
  type TicketUpdatedData,
} from '@ticketing/common';
import type { Ticket as TicketView } from '@ticketing/common/api';

/** What a ticket is for. Each is optional: a client of the first release sends none of them. */
export interface TicketDetails {
  /** When the event starts. */
  eventAt?: Date;
  venue?: string;
  city?: string;
  category?: TicketCategory;
  section?: string;
  row?: string;
  seat?: string;
  description?: string;
}

export interface Ticket extends OutboxFields, TicketDetails {
  title: string;
  price: number;
  userId: string;
  /** The order holding the ticket: reserved while that order is open, sold once it is complete. */
  orderId?: string;
  /** When the holding order completed: the ticket is sold, for good. */
  soldAt?: Date;
  /** When the holding order's reservation runs out unless it is paid (its order.created's expiresAt). */
  reservedUntil?: Date;
  /**
   * `statusOf` the ticket, stored by every save for the listing's query only (reads compute it from
   * `orderId` and `soldAt`): an equality on a string, which FerretDB filters in PostgreSQL where it
   * cannot filter `orderId: null`, and MongoDB answers from the `status, _id` index in page order.
   */
  status: TicketStatus;
  /**
   * The last orders released from this ticket: an order.created of one of them that arrives late
   * (after its cancel) or again (redelivered) must not reserve the ticket a second time.
   */
  releasedOrderIds: string[];
  version: number;
  /** When the seller listed it. */
  createdAt: Date;
}

export type TicketDocument = HydratedDocument<Ticket, OutboxMethods>;

/** A ticket as a read gets it: plain data, without the outbox or the released orders (see `TICKET_VIEW_FIELDS`). */
export type StoredTicket = Omit<Ticket, 'outbox' | 'releasedOrderIds'> & { _id: Types.ObjectId };

/**
 * What a read asks of the database: the view's fields only. Reads take plain objects (`lean`), not
 * documents: building and serialising a mongoose document per ticket was ~10 % of the tickets
 * service's JavaScript time on reads (see the README's Performance section).
 */
export const TICKET_VIEW_FIELDS = { outbox: 0, releasedOrderIds: 0 } as const;
export type TicketModel = Model<Ticket, object, OutboxMethods>;

const ticketSchema = new Schema<Ticket, TicketModel, OutboxMethods>(
  {
    title: { type: String, required: true },
    price: { type: Number, required: true },
    userId: { type: String, required: true },
    orderId: { type: String },
    soldAt: { type: Date },
    reservedUntil: { type: Date },
    status: { type: String, enum: Object.values(TicketStatus), required: true },
    releasedOrderIds: { type: [String], default: [] },
    eventAt: { type: Date },
    venue: { type: String },
    city: { type: String },
    category: { type: String },
    section: { type: String },
    row: { type: String },
    seat: { type: String },
    description: { type: String },
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
// A seller's own listings, newest first, paged by id.
ticketSchema.index({ userId: 1, _id: -1 });
// The tickets on sale, newest first, paged by id (`ticketQueries.page`).
ticketSchema.index({ status: 1, _id: -1 });
ticketSchema.pre('validate', function storeStatus() {
  this.status = statusOf(this);
});

export function statusOf(ticket: Pick<Ticket, 'orderId' | 'soldAt'>): TicketStatus {
  if (ticket.soldAt) return TicketStatus.Sold;
  return ticket.orderId ? TicketStatus.Reserved : TicketStatus.OnSale;
}

/**
 * The fields that are set. An unset field must be left out rather than sent as undefined: BSON
 * would store it in the outbox as null, which no event schema accepts.
 */
function setFieldsOf<T extends object>(fields: T): { [K in keyof T]?: NonNullable<T[K]> } {
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined && value !== null),
  ) as { [K in keyof T]?: NonNullable<T[K]> };
}

/** What clients see of a ticket: the API contract's shape. */
export function ticketView(ticket: StoredTicket): TicketView {
  const reserved = statusOf(ticket) === TicketStatus.Reserved;
  return {
    ...ticketState(ticket),
    ...setFieldsOf({ reservedUntil: reserved ? ticket.reservedUntil?.toISOString() : undefined }),
  };
}

/** The ticket as its events carry it: the view but for when a reservation runs out, which no consumer needs. */
function ticketState(ticket: StoredTicket): Omit<TicketView, 'reservedUntil'> {
  return {
    id: ticket._id.toHexString(),
    title: ticket.title,
    price: ticket.price,
    userId: ticket.userId,
    version: ticket.version,
    status: statusOf(ticket),
    listedAt: ticket.createdAt.toISOString(),
    ...setFieldsOf({
      orderId: ticket.orderId,
      soldAt: ticket.soldAt?.toISOString(),
      eventAt: ticket.eventAt?.toISOString(),
      venue: ticket.venue,
      city: ticket.city,
      category: ticket.category,
      section: ticket.section,
      row: ticket.row,
      seat: ticket.seat,
      description: ticket.description,
    }),
  };
}

/** The payload of the ticket's events, as of the version its pending save will write. */
export function ticketEventData(ticket: TicketDocument, version: number): TicketUpdatedData {
  return { ...ticketState(ticket), version };
}

export function createTicketModel(connection: Connection): TicketModel {
  return connection.model<Ticket, TicketModel>('Ticket', ticketSchema);
}

/**
 * The list's query: tickets matching `filter`, newest first, after `afterId` if given, one more than
 * `limit` to tell whether more follow.
 */
export const ticketQueries = {
  page: (
    tickets: TicketModel,
    filter: QueryFilter<Ticket>,
    { limit, afterId }: { limit: number; afterId?: string },
  ) =>
    tickets
      .find({ ...filter, ...(afterId && { _id: { $lt: afterId } }) }, TICKET_VIEW_FIELDS)
      .sort({ _id: -1 })
      .limit(limit + 1),
};

/**
 * Stores the status of every ticket whose stored status is missing (written before the field
 * existed) or out of step with its order fields (changed by a replica of that older version during
 * a rolling update). Run at every start; idempotent, and each document is updated on its own, so a
 * save racing with it is never undone.
 */
export async function reconcileStoredStatuses(tickets: TicketModel): Promise<number> {
  const updates = await Promise.all([
    tickets.updateMany(
      { soldAt: { $exists: true }, status: { $ne: TicketStatus.Sold } },
      { $set: { status: TicketStatus.Sold } },
    ),
    tickets.updateMany(
      {
        soldAt: { $exists: false },
        orderId: { $ne: null },
        status: { $ne: TicketStatus.Reserved },
      },
      { $set: { status: TicketStatus.Reserved } },
    ),
    tickets.updateMany(
      { soldAt: { $exists: false }, orderId: null, status: { $ne: TicketStatus.OnSale } },
      { $set: { status: TicketStatus.OnSale } },
    ),
  ]);
  return updates.reduce((sum, update) => sum + update.modifiedCount, 0);
}
