import mongoose, { type Connection } from 'mongoose';
import type { Logger } from '../logging/logger';

/** A connection of the service's own; models are bound to it, not to mongoose's global one. */
export async function connectMongo(uri: string, logger: Logger): Promise<Connection> {
  // A timeout given in the URI wins over our default (an explicit option would override the URI's).
  const fromUri = /[?&]serverSelectionTimeoutMS=(\d+)/.exec(uri)?.[1];
  const connection = mongoose.createConnection(uri, {
    serverSelectionTimeoutMS: Number(fromUri ?? 10_000),
  });
  // close() passes through 'disconnecting'; a lost server goes straight to 'disconnected'. Only the
  // latter is worth a warning: the service closing its own connection at shutdown is expected.
  let closing = false;
  connection.on('disconnecting', () => (closing = true));
  connection.on('disconnected', () => {
    if (!closing) logger.warn('MongoDB disconnected');
  });
  connection.on('reconnected', () => logger.info('MongoDB reconnected'));
  await connection.asPromise();
  return connection;
}

export const isMongoConnected = (connection: Connection) =>
  connection.readyState === mongoose.ConnectionStates.connected;

/** True for MongoDB's duplicate key error (a unique index refused the write). */
export function isDuplicateKeyError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}
