import { Router, type ErrorRequestHandler } from 'express';
import { body } from 'express-validator';
import { requireAuth, signedInUser, validateRequest } from '@ticketing/common';
import { TooManyDeclinesError } from '../domain/decline-limits';
import type { Payments } from '../domain/payments';

export function paymentsRouter(payments: Payments): Router {
  const router = Router();

  router.post(
    '/api/payments',
    requireAuth,
    body('orderId', 'orderId must be an order id').isString().trim().notEmpty(),
    body('token', 'token must be a Stripe payment method (pm_…) or card token (tok_…)')
      .isString()
      .matches(/^(pm|tok)_\w+$/),
    validateRequest,
    async (req, res) => {
      const result = await payments.pay(signedInUser(req).id, req.body.orderId, req.body.token);
      if (result.status === 'requires_action') {
        res.status(202).json({ clientSecret: result.clientSecret });
      } else {
        res.status(201).json({ id: result.payment.id });
      }
    },
  );

  router.use(retryAfter);

  return router;
}

/** A refused attempt says when the next one counts; the app's error handler writes the body. */
const retryAfter: ErrorRequestHandler = (err, _req, res, next) => {
  if (err instanceof TooManyDeclinesError) res.set('Retry-After', String(err.retryAfterSeconds));
  next(err);
};
