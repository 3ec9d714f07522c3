import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';

/**
 * A database of its own on the test server (`MONGO_URL`, from the harness), so test files never see
 * each other's data. Drop it when done.
 */
export function uniqueDatabaseUri(prefix = 'test'): string {
  const base = process.env.MONGO_URL;
  if (!base) {
    throw new Error(
      'MONGO_URL is not set: run the suite through jest with the test harness global setup',
    );
  }
  const url = new URL(base);
  url.pathname = `/${prefix}_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  return url.toString();
}

/** Drops a database a test (or the service it started) used; connects to it just for that. */
export async function dropDatabase(uri: string): Promise<void> {
  const connection = await mongoose.createConnection(uri).asPromise();
  try {
    await connection.dropDatabase();
  } finally {
    await connection.close();
  }
}
