import { Schema, type Connection, type Model } from 'mongoose';

/**
 * An order being charged right now, by one request of one replica: while it holds, no other
 * request charges the order. `_id` is the order's id, so the claim is unique.
 */
export interface ChargeClaim {
  _id: string;
  /** Identifies the request holding the claim, so only it releases the claim. */
  holder: string;
  /** After this the claim is stale (its holder died mid-charge) and the next request takes it over. */
  expiresAt: Date;
}

export type ChargeClaimModel = Model<ChargeClaim>;

const chargeClaimSchema = new Schema<ChargeClaim>(
  {
    _id: { type: String, required: true },
    holder: { type: String, required: true },
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export function createChargeClaimModel(connection: Connection): ChargeClaimModel {
  return connection.model<ChargeClaim>('ChargeClaim', chargeClaimSchema);
}
