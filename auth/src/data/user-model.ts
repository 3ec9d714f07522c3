import { Schema, type Connection, type HydratedDocument, type Model } from 'mongoose';
import type { CurrentUser } from '@ticketing/common/api';

export interface User {
  email: string;
  passwordHash: string;
}

export type UserDocument = HydratedDocument<User>;
export type UserModel = Model<User>;

const userSchema = new Schema<User>(
  {
    email: { type: String, required: true, unique: true },
    // Never selected unless asked for, never serialised.
    passwordHash: { type: String, required: true, select: false },
  },
  {
    timestamps: true,
    toJSON: {
      // What clients see of a user: the API contract's shape.
      transform: (doc): CurrentUser => ({ id: String(doc._id), email: doc.email }),
    },
  },
);

export async function createUserModel(connection: Connection): Promise<UserModel> {
  const model = connection.model<User>('User', userSchema);
  // The unique email index must exist before the first sign-up, or two could slip through.
  await model.init();
  return model;
}
