import type { Request, Response } from 'express';
import { matchedData, query } from 'express-validator';

/**
 * Cursor paging of lists newest first (`GET /api/tickets`, `GET /api/orders`): `?limit=` sizes a
 * page, and an answer with more after it names the next page's cursor in `X-Next-Cursor`, which the
 * client sends back as `?after=`. Cursors are opaque to clients (so what they encode can change),
 * here the id of the last item of the previous page.
 */
export const NEXT_CURSOR_HEADER = 'X-Next-Cursor';

export const encodeCursor = (lastId: string) => Buffer.from(lastId, 'hex').toString('base64url');

/** The id a cursor encodes; undefined for anything `encodeCursor` did not make. */
export function decodeCursor(cursor: string): string | undefined {
  const id = Buffer.from(cursor, 'base64url').toString('hex');
  return id.length === 24 && encodeCursor(id) === cursor ? id : undefined;
}

export interface PageRequest {
  limit: number;
  /** The id of the previous page's last item. */
  afterId?: string;
}

/** Validators of `limit` and `after`; read the result with `pageRequest` after `validateRequest`. */
export const pageQuery = (maxPageSize: number) => [
  query('limit', `Limit must be a whole number from 1 to ${maxPageSize}`)
    .optional()
    .isString()
    .bail()
    .isInt({ min: 1, max: maxPageSize })
    .toInt(),
  query('after', 'Cursor is not valid')
    .optional()
    .isString()
    .bail()
    .custom((cursor: string) => decodeCursor(cursor) !== undefined)
    .customSanitizer(decodeCursor),
];

export function pageRequest(req: Request, defaultPageSize: number): PageRequest {
  const { limit = defaultPageSize, after } = matchedData<{ limit?: number; after?: string }>(req, {
    locations: ['query'],
  });
  return after === undefined ? { limit } : { limit, afterId: after };
}

/** Names the next page, when there is one (`lastId`: the id of this page's last item). */
export function setNextCursor(res: Response, lastId: string | undefined): void {
  if (lastId) res.set(NEXT_CURSOR_HEADER, encodeCursor(lastId));
}

export interface Page<T> {
  items: T[];
  /** The id of the page's last item when more follow it. */
  lastId?: string;
}

/** A page from up to `limit + 1` items found newest first: the extra one only says that more follow. */
export function pageFrom<T extends { id: string }>(found: T[], limit: number): Page<T> {
  const items = found.slice(0, limit);
  return found.length > limit ? { items, lastId: items.at(-1)!.id } : { items };
}
