import { Schema, type Connection, type HydratedDocument, type Model } from 'mongoose';
import { outboxPlugin, type OutboxFields, type OutboxMethods } from '@ticketing/common';
import type { CurrentUser } from '@ticketing/common/api';

export interface User extends OutboxFields {
  email: string;
  passwordHash: string;
  /** The user's sessions issued before this instant are revoked (`user.sessions-revoked`). */
  sessionsRevokedBefore?: Date;
}

export type UserDocument = HydratedDocument<User, OutboxMethods>;
export type UserModel = Model<User, object, OutboxMethods>;

const userSchema = new Schema<User, UserModel, OutboxMethods>(
  {
    email: { type: String, required: true, unique: true },
    // Never selected unless asked for, never serialised.
    passwordHash: { type: String, required: true, select: false },
    sessionsRevokedBefore: { type: Date },
  },
  {
    timestamps: true,
    // The outbox writer re-reads and retries a save that lost a race, never overwrites one.
    optimisticConcurrency: true,
    toJSON: {
      // What clients see of a user: the API contract's shape.
      transform: (doc): CurrentUser => ({ id: String(doc._id), email: doc.email }),
    },
  },
);

userSchema.plugin(outboxPlugin);

export async function createUserModel(connection: Connection): Promise<UserModel> {
  const model = connection.model<User, UserModel>('User', userSchema);
  // The unique email index must exist before the first sign-up, or two could slip through.
  await model.init();
  return model;
}
