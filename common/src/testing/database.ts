import { randomUUID } from 'node:crypto';

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
