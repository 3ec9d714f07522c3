import 'server-only';
import { cookies } from 'next/headers';
import { cache } from 'react';
import { loadClientConfig } from '@/config';
import { readErrors } from './errors';
import type { ApiErrorItem, CurrentUser, Order, Ticket } from '@ticketing/common/api';

/** An answer the page cannot turn into content; the error boundary shows a friendly page for it. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errors: ApiErrorItem[],
    path: string,
  ) {
    super(`GET ${path} answered ${status}: ${errors.map((e) => e.message).join('; ')}`);
    this.name = 'ApiError';
  }
}

const SESSION_COOKIE = 'session';

/**
 * Calls a service from the Next.js server on behalf of the visitor. Only the session cookie is
 * forwarded (never the visitor's other cookies or headers), and nothing is cached: every answer
 * is per user.
 */
async function get(path: string): Promise<Response> {
  const { API_URL } = loadClientConfig();
  const session = (await cookies()).get(SESSION_COOKIE);
  const headers = new Headers({ accept: 'application/json' });
  if (session) headers.set('cookie', `${SESSION_COOKIE}=${session.value}`);
  return fetch(new URL(path, API_URL), { headers, cache: 'no-store' });
}

async function getJson<T>(path: string): Promise<{ body: T; res: Response }> {
  const res = await get(path);
  if (!res.ok) throw new ApiError(res.status, await readErrors(res), path);
  return { body: (await res.json()) as T, res };
}

/** For resources addressed by id: a missing one (or a malformed id) is "not found", not an error. */
async function getOrNull<T>(path: string): Promise<T | null> {
  const res = await get(path);
  if (res.status === 404 || res.status === 400) return null;
  if (!res.ok) throw new ApiError(res.status, await readErrors(res), path);
  return (await res.json()) as T;
}

const segment = (id: string) => encodeURIComponent(id);

/** Once per request: the header and the page both ask. */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const { body } = await getJson<{ currentUser: CurrentUser | null }>('/api/users/currentuser');
  return body.currentUser;
});

export interface TicketPage {
  tickets: Ticket[];
  nextCursor: string | null;
}

export async function listTickets({
  limit,
  after,
}: { limit?: number; after?: string } = {}): Promise<TicketPage> {
  const query = new URLSearchParams();
  if (limit) query.set('limit', String(limit));
  if (after) query.set('after', after);
  const suffix = query.size > 0 ? `?${query}` : '';
  const { body, res } = await getJson<Ticket[]>(`/api/tickets${suffix}`);
  return { tickets: body, nextCursor: res.headers.get('x-next-cursor') || null };
}

export const getTicket = (id: string) => getOrNull<Ticket>(`/api/tickets/${segment(id)}`);

export async function listOrders(): Promise<Order[]> {
  return (await getJson<Order[]>('/api/orders')).body;
}

export const getOrder = (id: string) => getOrNull<Order>(`/api/orders/${segment(id)}`);
