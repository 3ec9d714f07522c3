import { Schema, type Connection, type HydratedDocument, type Model } from 'mongoose';
import {
  OrderStatus,
  outboxPlugin,
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
  version: number;
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
  },
  {
    timestamps: true,
    // Every save checks and bumps `version`, so a save over a version it did not read fails.
    versionKey: 'version',
    optimisticConcurrency: true,
    toJSON: {
      // What clients see of an order: the API contract's shape.
      transform: (doc): OrderView => {
        const order = doc as OrderDocument;
        return {
          id: order.id as string,
          status: order.status,
          expiresAt: order.expiresAt.toISOString(),
          userId: order.userId,
          version: order.version,
          ticket: { id: order.ticket.id, title: order.ticket.title, price: order.ticket.price },
        };
      },
    },
  },
);
orderSchema.plugin(outboxPlugin);
// Sparse, not partial: FerretDB (tests) has no partial indexes; an absent key is not indexed.
orderSchema.index({ activeTicketId: 1 }, { unique: true, sparse: true });
orderSchema.index({ userId: 1, _id: -1 });

export async function createOrderModel(connection: Connection): Promise<OrderModel> {
  const model = connection.model<Order, OrderModel>('Order', orderSchema);
  // The unique index must exist before the first order, or two could hold one ticket.
  await model.init();
  return model;
}
