import { Schema, type Connection, type HydratedDocument, type Model } from 'mongoose';
import {
  OrderCancelReasons,
  OrderStatus,
  outboxPlugin,
  type OrderCancelReason,
  type OutboxFields,
  type OutboxMethods,
} from '@ticketing/common';
import type { Order as OrderView } from '@ticketing/common/api';

export interface Order extends OutboxFields {
  userId: string;
  status: OrderStatus;
  expiresAt: Date;
  /** The ticket as it was when ordered: what the buyer agreed to pay. */
  ticket: { id: string; title: string; price: number };
  /**
   * The ticket's id while the order holds it (every status but cancelled), absent otherwise. Unique
   * among orders, so the database itself refuses a second active order of one ticket.
   */
  activeTicketId?: string;
  /** Set once the order is cancelled. */
  cancelReason?: OrderCancelReason;
  /** Set once the order is complete, from its payment.created (absent if that predates receipts). */
  receipt?: StoredReceipt;
  /** When the seller first scanned the e-ticket; it admits nobody after that. */
  eTicketUsedAt?: Date;
  version: number;
  createdAt: Date;
}

export interface StoredReceipt {
  paidAt: Date;
  /** In the currency's minor unit (cents), as the payment was made. */
  amount: number;
  currency: string;
  paymentReference: string;
  cardBrand?: string;
  cardLast4?: string;
}

export type OrderDocument = HydratedDocument<Order, OutboxMethods>;
export type OrderModel = Model<Order, object, OutboxMethods>;

const orderSchema = new Schema<Order, OrderModel, OutboxMethods>(
  {
    userId: { type: String, required: true },
    status: { type: String, required: true, enum: Object.values(OrderStatus) },
    expiresAt: { type: Date, required: true },
    ticket: {
      type: new Schema(
        {
          id: { type: String, required: true },
          title: { type: String, required: true },
          price: { type: Number, required: true },
        },
        { _id: false },
      ),
      required: true,
    },
    activeTicketId: { type: String },
    cancelReason: { type: String, enum: OrderCancelReasons },
    receipt: {
      type: new Schema(
        {
          paidAt: { type: Date, required: true },
          amount: { type: Number, required: true },
          currency: { type: String, required: true },
          paymentReference: { type: String, required: true },
          cardBrand: { type: String },
          cardLast4: { type: String },
        },
        { _id: false },
      ),
    },
    eTicketUsedAt: { type: Date },
  },
  {
    timestamps: true,
    // Every save checks and bumps `version`, so a save over a version it did not read fails.
    versionKey: 'version',
    optimisticConcurrency: true,
    // What clients see of an order, when one is sent as is; the routes add what only its buyer sees.
    toJSON: { transform: (doc) => orderView(doc as OrderDocument) },
  },
);
orderSchema.plugin(outboxPlugin);
// Sparse, not partial: FerretDB (tests) has no partial indexes; an absent key is not indexed.
orderSchema.index({ activeTicketId: 1 }, { unique: true, sparse: true });
orderSchema.index({ userId: 1, _id: -1 });

/** The order as the API contract shows it, without what only its buyer may see (the e-ticket). */
export function orderView(order: OrderDocument): OrderView {
  return {
    id: order.id as string,
    status: order.status,
    expiresAt: order.expiresAt.toISOString(),
    userId: order.userId,
    version: order.version,
    ticket: { id: order.ticket.id, title: order.ticket.title, price: order.ticket.price },
    createdAt: order.createdAt.toISOString(),
    ...(order.cancelReason && { cancelReason: order.cancelReason }),
    ...(order.receipt && { receipt: receiptView(order.receipt) }),
  };
}

function receiptView({
  paidAt,
  amount,
  currency,
  paymentReference,
  cardBrand,
  cardLast4,
}: StoredReceipt) {
  return {
    paidAt: paidAt.toISOString(),
    // In the currency's major unit, like the ticket's price: every charge is in dollars (cents / 100).
    amount: amount / 100,
    currency,
    paymentReference,
    ...(cardBrand && { cardBrand }),
    ...(cardLast4 && { cardLast4 }),
  };
}

export async function createOrderModel(connection: Connection): Promise<OrderModel> {
  const model = connection.model<Order, OrderModel>('Order', orderSchema);
  // The unique index must exist before the first order, or two could hold one ticket.
  await model.init();
  return model;
}
