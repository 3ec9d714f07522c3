import { Router, type RequestHandler } from 'express';
import { matchedData, query } from 'express-validator';
import {
  pageQuery,
  pageRequest,
  requireAuth,
  setNextCursor,
  signedInUser,
  validateRequest,
} from '@ticketing/common';
import type { Tickets } from '../domain/tickets';
import { ticketEditOf, ticketFieldsOf, ticketFieldsValidation } from './ticket-fields';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 100;

const listQuery = [
  ...pageQuery(MAX_PAGE_SIZE),
  query('mine', 'Mine must be true or false').optional().isString().bail().isIn(['true', 'false']),
];

/** `?mine=true` lists the caller's own tickets, so it needs a session. */
const requireAuthForMine: RequestHandler = (req, res, next) =>
  req.query.mine === 'true' ? requireAuth(req, res, next) : next();

export function ticketsRouter({ tickets }: { tickets: Tickets }): Router {
  const router = Router();

  router.post(
    '/api/tickets',
    requireAuth,
    ...ticketFieldsValidation,
    validateRequest,
    async (req, res) => {
      const ticket = await tickets.create(signedInUser(req).id, ticketFieldsOf(req));
      res.status(201).json(ticket);
    },
  );

  /**
   * Tickets on sale, newest first; with `mine=true`, every ticket the signed-in seller listed,
   * whatever its status. The next page's cursor is in `X-Next-Cursor`.
   */
  router.get(
    '/api/tickets',
    requireAuthForMine,
    ...listQuery,
    validateRequest,
    async (req, res) => {
      const { mine } = matchedData<{ mine?: string }>(req);
      const paging = pageRequest(req, DEFAULT_PAGE_SIZE);
      const page =
        mine === 'true'
          ? await tickets.listBySeller(signedInUser(req).id, paging)
          : await tickets.listOnSale(paging);
      setNextCursor(res, page.lastId);
      res.json(page.tickets);
    },
  );

  router.get('/api/tickets/:id', async (req, res) => {
    res.json(await tickets.get(req.params.id));
  });

  /** Title and price are required; a detail left out keeps its value, one sent as null is cleared. */
  router.put(
    '/api/tickets/:id',
    requireAuth,
    ...ticketFieldsValidation,
    validateRequest,
    async (req, res) => {
      res.json(
        await tickets.update(String(req.params.id), signedInUser(req).id, ticketEditOf(req)),
      );
    },
  );

  return router;
}
