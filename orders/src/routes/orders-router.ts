import { Router } from 'express';
import { body } from 'express-validator';
import { requireAuth, signedInUser, validateRequest } from '@ticketing/common';
import type { Orders } from '../domain/orders';

export function ordersRouter({ orders }: { orders: Orders }): Router {
  const router = Router();

  router.post(
    '/api/orders',
    requireAuth,
    body('ticketId', 'A valid ticketId is required').isString().bail().isMongoId(),
    validateRequest,
    async (req, res) => {
      const order = await orders.place(signedInUser(req).id, req.body.ticketId);
      res.status(201).json(order);
    },
  );

  router.get('/api/orders', requireAuth, async (req, res) => {
    res.json(await orders.listFor(signedInUser(req).id));
  });

  router.get('/api/orders/:id', requireAuth, async (req, res) => {
    res.json(await orders.getFor(signedInUser(req).id, String(req.params.id)));
  });

  router.delete('/api/orders/:id', requireAuth, async (req, res) => {
    await orders.cancelFor(signedInUser(req).id, String(req.params.id));
    res.status(204).end();
  });

  return router;
}
