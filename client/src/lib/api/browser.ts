import { genericMessage, readErrors, throttledMessage } from './errors';
import type { ApiErrorItem } from '@ticketing/common/api';

export type ApiOutcome<T> =
  { ok: true; status: number; data: T } | { ok: false; status: number; errors: ApiErrorItem[] };

export const NETWORK_ERROR = 'Could not reach the server. Check your connection and try again.';

/**
 * A call from the browser to the same-origin API (the gateway routes `/api`). The session cookie
 * goes along; the API's status and messages come back unchanged so forms can show them.
 */
export async function callApi<T = undefined>(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<ApiOutcome<T>> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      cache: 'no-store',
      headers: body === undefined ? { accept: 'application/json' } : jsonHeaders,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return { ok: false, status: 0, errors: [{ message: NETWORK_ERROR }] };
  }
  if (res.status === 429) {
    // The service's message cannot know how long to wait; its Retry-After header does.
    return {
      ok: false,
      status: 429,
      errors: [{ message: throttledMessage(res.headers.get('retry-after')) }],
    };
  }
  if (!res.ok) return { ok: false, status: res.status, errors: await readErrors(res) };
  if (res.status === 204) return { ok: true, status: res.status, data: undefined as T };
  const data = (await res.json().catch(() => undefined)) as T | undefined;
  if (data === undefined) {
    return { ok: false, status: res.status, errors: [{ message: genericMessage(500) }] };
  }
  return { ok: true, status: res.status, data };
}

const jsonHeaders = { accept: 'application/json', 'content-type': 'application/json' };

/** Waits before each retry of a 404: a service learns of a new ticket or order through an event. */
export const NOT_YET_KNOWN_BACKOFF_MS = [150, 300, 600, 1200, 2000];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `callApi` for a resource another service has only just created (ordering a new ticket, paying a
 * new order): a 404 is retried a few times while the event that announces it is on its way.
 */
export async function callApiOnceKnown<T = undefined>(
  method: 'POST' | 'PUT',
  path: string,
  body: unknown,
): Promise<ApiOutcome<T>> {
  let result = await callApi<T>(method, path, body);
  for (const delay of NOT_YET_KNOWN_BACKOFF_MS) {
    if (result.ok || result.status !== 404) break;
    await sleep(delay);
    result = await callApi<T>(method, path, body);
  }
  return result;
}
