import 'server-only';
import { ApiError } from './api/server';

/**
 * Reads the page after `cursor`; when the service rejects the cursor (an edited or stale link), the
 * first page instead, saying so, rather than an error page.
 */
export async function readPageAfter<T>(
  read: (after: string | undefined) => Promise<T>,
  cursor: string | undefined,
): Promise<{ page: T; cursor: string | undefined; rejected: boolean }> {
  try {
    return { page: await read(cursor), cursor, rejected: false };
  } catch (err) {
    if (!(cursor && err instanceof ApiError && err.status === 400)) throw err;
    return { page: await read(undefined), cursor: undefined, rejected: true };
  }
}
