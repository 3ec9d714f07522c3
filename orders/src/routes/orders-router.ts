import { Router } from 'express';
import { body } from 'express-validator';
import {
  pageQuery,
  pageRequest,
  requireAuth,
  setNextCursor,
  signedInUser,
  validateRequest,
} from '@ticketing/common';
import { INVALID_ETICKET, type Orders } from '../domain/orders';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
/** Longer than any code this service signs; refused before any work is spent on it. */
const MAX_CODE_LENGTH = 200;

export function ordersRouter({ orders }: { orders: Orders }): Router {
  const router = Router();

  router.post(
    '/api/orders',
    requireAuth,
    body('ticketId', 'A valid ticketId is required').isString().bail().isMongoId(),
    validateRequest,
    async (req, res) => {
      const order = await orders.place(signedInUser(req).id, req.body.ticketId);
      res.status(201).json(orders.buyersView(order));
    },
  );

  router.get(
    '/api/orders',
    requireAuth,
    ...pageQuery(MAX_PAGE_SIZE),
    validateRequest,
    async (req, res) => {
      const page = await orders.listFor(signedInUser(req).id, pageRequest(req, DEFAULT_PAGE_SIZE));
      setNextCursor(res, page.lastId);
      res.json(page.items.map((order) => orders.buyersView(order)));
    },
  );

  router.post(
    '/api/orders/verify-ticket',
    requireAuth,
    body('code', INVALID_ETICKET).isString().bail().isLength({ min: 1, max: MAX_CODE_LENGTH }),
    validateRequest,
    async (req, res) => {
      res.json(await orders.verifyETicket(signedInUser(req).id, req.body.code));
    },
  );

  router.get('/api/orders/:id', requireAuth, async (req, res) => {
    const order = await orders.getFor(signedInUser(req).id, String(req.params.id));
    res.json(orders.buyersView(order));
  });

  router.delete('/api/orders/:id', requireAuth, async (req, res) => {
    await orders.cancelFor(signedInUser(req).id, String(req.params.id));
    res.status(204).end();
  });

  return router;
}
