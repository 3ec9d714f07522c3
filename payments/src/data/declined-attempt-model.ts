import { Schema, type Connection, type Model } from 'mongoose';
import type { Logger } from '@ticketing/common';

/** A card declined for an order: counted per order and per user to stop card testing. */
export interface DeclinedAttempt {
  orderId: string;
  userId: string;
  at: Date;
  /** When no limit counts it any more; the TTL index removes it then. */
  expiresAt: Date;
}

export type DeclinedAttemptModel = Model<DeclinedAttempt>;

const declinedAttemptSchema = new Schema<DeclinedAttempt>(
  {
    orderId: { type: String, required: true },
    userId: { type: String, required: true },
    at: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false },
);
declinedAttemptSchema.index({ orderId: 1, at: -1 });
declinedAttemptSchema.index({ userId: 1, at: -1 });

/** MongoDB's NotImplemented: FerretDB (the local stand-in) has no TTL indexes. */
const NOT_IMPLEMENTED = 238;

export async function createDeclinedAttemptModel(
  connection: Connection,
  logger: Logger,
): Promise<DeclinedAttemptModel> {
  const model = connection.model<DeclinedAttempt>('DeclinedAttempt', declinedAttemptSchema);
  await model.init();
  try {
    // Each document carries its own expiry, so changing the limits' windows never conflicts with
    // the index an earlier configuration created.
    await model.collection.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 });
  } catch (err) {
    if ((err as { code?: unknown }).code !== NOT_IMPLEMENTED) throw err;
    // The counts filter by time, so they stay right; only old attempts are not removed.
    logger.warn('this MongoDB server has no TTL indexes: declined attempts are kept');
  }
  return model;
}
