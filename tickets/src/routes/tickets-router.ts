import { Router } from 'express';
import { body, matchedData, query } from 'express-validator';
import { requireAuth, signedInUser, validateRequest } from '@ticketing/common';
import { isValidPrice } from '../domain/price';
import type { TicketFields, Tickets } from '../domain/tickets';
import { decodeCursor, encodeCursor } from './cursor';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 100;

/** C0 and C1 controls and DEL: nothing a title shows, and NUL is refused by some databases. */
const CONTROL_CHARACTER = /\p{Cc}/u;

const ticketFields = [
  body('title', 'Title must be between 1 and 120 characters')
    .isString()
    .bail()
    .trim()
    .isLength({ min: 1, max: 120 })
    .bail()
    .not()
    .matches(CONTROL_CHARACTER)
    .withMessage('Title must not contain control characters'),
  body('price', 'Price must be from 0.50 to 999999.99 with at most 2 decimals').custom(
    isValidPrice,
  ),
];

const pageQuery = [
  query('limit', `Limit must be a whole number from 1 to ${MAX_PAGE_SIZE}`)
    .optional()
    .isString()
    .bail()
    .isInt({ min: 1, max: MAX_PAGE_SIZE })
    .toInt(),
  query('after', 'Cursor is not valid')
    .optional()
    .isString()
    .bail()
    .custom((cursor: string) => decodeCursor(cursor) !== undefined)
    .customSanitizer(decodeCursor),
];

const fieldsOf = (req: { body: TicketFields }): TicketFields => ({
  title: req.body.title,
  price: req.body.price,
});

export function ticketsRouter({ tickets }: { tickets: Tickets }): Router {
  const router = Router();

  router.post('/api/tickets', requireAuth, ...ticketFields, validateRequest, async (req, res) => {
    const ticket = await tickets.create(signedInUser(req).id, fieldsOf(req));
    res.status(201).json(ticket);
  });

  router.get('/api/tickets', ...pageQuery, validateRequest, async (req, res) => {
    const { limit = DEFAULT_PAGE_SIZE, after } = matchedData<{ limit?: number; after?: string }>(
      req,
    );
    const page = await tickets.listOnSale({ limit, afterId: after });
    if (page.lastId) res.set('X-Next-Cursor', encodeCursor(page.lastId));
    res.json(page.tickets);
  });

  router.get('/api/tickets/:id', async (req, res) => {
    res.json(await tickets.get(req.params.id));
  });

  router.put(
    '/api/tickets/:id',
    requireAuth,
    ...ticketFields,
    validateRequest,
    async (req, res) => {
      res.json(await tickets.update(String(req.params.id), signedInUser(req).id, fieldsOf(req)));
    },
  );

  return router;
}
