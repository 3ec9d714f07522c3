import 'server-only';
import { cookies } from 'next/headers';
import { cache } from 'react';
import { loadClientConfig } from '@/config';
import { readErrors } from './errors';
import type { ApiErrorItem, CatalogPage, CurrentUser, Order, Ticket } from '@ticketing/common/api';

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

export interface PageQuery {
  limit?: number;
  /** The cursor of the page to read (`X-Next-Cursor` of the one before it). */
  after?: string;
}

/** Tickets on sale, or with `mine` every ticket the signed-in seller listed, newest first. */
export async function listTickets({
  limit,
  after,
  mine = false,
}: PageQuery & { mine?: boolean } = {}): Promise<TicketPage> {
  const query = pageQuery({ limit, after });
  if (mine) query.set('mine', 'true');
  const { body, res } = await getJson<Ticket[]>(withQuery('/api/tickets', query));
  return { tickets: body, nextCursor: res.headers.get('x-next-cursor') || null };
}

function pageQuery({ limit, after }: PageQuery): URLSearchParams {
  const query = new URLSearchParams();
  if (limit) query.set('limit', String(limit));
  if (after) query.set('after', after);
  return query;
}

const withQuery = (path: string, query: URLSearchParams) =>
  query.size > 0 ? `${path}?${query}` : path;

/** A page of the catalog's search results; `query` is the catalog API's query string. */
export async function searchCatalog(query: URLSearchParams): Promise<CatalogPage> {
  return (await getJson<CatalogPage>(`/api/catalog?${query}`)).body;
}

export const getTicket = (id: string) => getOrNull<Ticket>(`/api/tickets/${segment(id)}`);

export interface OrderPage {
  orders: Order[];
  nextCursor: string | null;
}

/** The signed-in buyer's orders, newest first. */
export async function listOrders(page: PageQuery = {}): Promise<OrderPage> {
  const { body, res } = await getJson<Order[]>(withQuery('/api/orders', pageQuery(page)));
  return { orders: body, nextCursor: res.headers.get('x-next-cursor') || null };
}

export const getOrder = (id: string) => getOrNull<Order>(`/api/orders/${segment(id)}`);
