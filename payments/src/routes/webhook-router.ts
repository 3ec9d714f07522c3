import express, { Router } from 'express';
import Stripe from 'stripe';
import { BadRequestError, type Logger } from '@ticketing/common';
import type { Payments } from '../domain/payments';

export const WEBHOOK_PATH = '/api/payments/webhook';

export interface WebhookRouterOptions {
  payments: Payments;
  /** The endpoint's signing secret (whsec_…). */
  secret: string;
  logger: Logger;
}

/**
 * Stripe's webhook endpoint. The signature covers the exact bytes Stripe sent, so this route reads
 * the raw body (it is mounted before the JSON parser). A failure answers 500 and Stripe retries.
 */
export function webhookRouter({ payments, secret, logger }: WebhookRouterOptions): Router {
  const router = Router();
  const log = logger.child({ component: 'stripe-webhook' });

  router.post(WEBHOOK_PATH, express.raw({ type: '*/*', limit: '1mb' }), async (req, res) => {
    const event = verifiedEvent(req.body, req.header('stripe-signature'), secret);
    switch (event.type) {
      case 'payment_intent.succeeded': {
        const intent = event.data.object;
        const orderId = intent.metadata.orderId;
        if (orderId) {
          await payments.settle({ orderId, stripeId: intent.id, amount: intent.amount });
        } else {
          log.warn({ stripeId: intent.id }, 'payment without an order id; not ours');
        }
        break;
      }
      case 'payment_intent.payment_failed': {
        const intent = event.data.object;
        // Nothing to undo: the order stays payable, and the customer sees the failure in Stripe.js.
        log.info(
          {
            stripeId: intent.id,
            orderId: intent.metadata.orderId,
            reason: intent.last_payment_error?.code,
          },
          'payment failed',
        );
        break;
      }
      default:
        log.debug({ type: event.type }, 'webhook event ignored');
    }
    res.json({ received: true });
  });

  return router;
}

function verifiedEvent(body: unknown, signature: string | undefined, secret: string): Stripe.Event {
  if (!Buffer.isBuffer(body) || !signature) throw new BadRequestError('Invalid webhook signature');
  try {
    return Stripe.webhooks.constructEvent(body, signature, secret);
  } catch {
    throw new BadRequestError('Invalid webhook signature');
  }
}
