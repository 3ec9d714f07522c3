import { Schema, type Connection, type HydratedDocument, type Model } from 'mongoose';
import { OrderStatus } from '@ticketing/common';

/** The payments service's copy of an order, replicated from the orders service's events. */
export interface Order {
  /** The orders service's id. */
  _id: string;
  /** The orders service's version; applied in order (see `applyVersionedCopy`). */
  version: number;
  userId: string;
  status: OrderStatus;
  /** The ticket's price in dollars, as the order was created with it. */
  price: number;
  /**
   * When the reservation ends; the order cannot be paid after it. Copies made before it was kept
   * lack it and are not refused (their reservations end within one window of the upgrade).
   */
  expiresAt: Date;
}

export type OrderDocument = HydratedDocument<Order>;
export type OrderModel = Model<Order>;

const orderSchema = new Schema<Order>(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    userId: { type: String, required: true },
    status: { type: String, required: true, enum: Object.values(OrderStatus) },
    price: { type: Number, required: true, min: 0 },
    expiresAt: { type: Date, required: true },
  },
  // `version` is the orders service's, not mongoose's own document version.
  { versionKey: false },
);

export function createOrderModel(connection: Connection): OrderModel {
  return connection.model<Order>('Order', orderSchema);
}
