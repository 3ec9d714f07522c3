import express, { Router } from 'express';
import Stripe from 'stripe';
import { z } from 'zod';
import { BadRequestError, type Logger } from '@ticketing/common';
import type { Payments } from '../domain/payments';

export const WEBHOOK_PATH = '/api/payments/webhook';

export interface WebhookRouterOptions {
  payments: Payments;
  /** The endpoint's signing secret (whsec_…). */
  secret: string;
  logger: Logger;
}

/** What this service reads of a PaymentIntent; Stripe sends more, which is ignored. */
const paymentIntent = z.object({
  id: z.string().min(1),
  amount: z.number().int().min(0),
  currency: z.string().min(1),
  metadata: z.object({ orderId: z.string().min(1).optional() }),
  last_payment_error: z.object({ code: z.string().optional() }).nullish(),
});

const handledTypes = ['payment_intent.succeeded', 'payment_intent.payment_failed'] as const;

const anyEvent = z.object({ type: z.string() });

const handledEvent = z.object({
  type: z.enum(handledTypes),
  data: z.object({ object: paymentIntent }),
});
type HandledEvent = z.infer<typeof handledEvent>;

/**
 * Stripe's webhook endpoint. The signature covers the exact bytes Stripe sent, so this route reads
 * the raw body (it is mounted before the JSON parser). A signed event of a handled type is checked
 * against the shape it must have before anything is read from it. A failure answers 500 and Stripe
 * retries.
 */
export function webhookRouter({ payments, secret, logger }: WebhookRouterOptions): Router {
  const router = Router();
  const log = logger.child({ component: 'stripe-webhook' });

  router.post(WEBHOOK_PATH, express.raw({ type: '*/*', limit: '1mb' }), async (req, res) => {
    const verified = verifiedEvent(req.body, req.header('stripe-signature'), secret);
    const { type } = parsed(anyEvent, verified);
    if (!isHandled(type)) {
      log.debug({ type }, 'webhook event ignored');
      res.json({ received: true });
      return;
    }
    const event = parsed(handledEvent, verified);
    if (event.type === 'payment_intent.succeeded') {
      const { id, amount, currency, metadata } = event.data.object;
      if (metadata.orderId) {
        await payments.acceptReportedSuccess({
          orderId: metadata.orderId,
          stripeId: id,
          amount,
          currency,
        });
      } else {
        log.warn({ stripeId: id }, 'payment without an order id; not ours');
      }
    } else {
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
    }
    res.json({ received: true });
  });

  return router;
}

function verifiedEvent(body: unknown, signature: string | undefined, secret: string): unknown {
  if (!Buffer.isBuffer(body) || !signature) throw new BadRequestError('Invalid webhook signature');
  try {
    return Stripe.webhooks.constructEvent(body, signature, secret);
  } catch {
    throw new BadRequestError('Invalid webhook signature');
  }
}

const isHandled = (type: string): type is HandledEvent['type'] =>
  (handledTypes as readonly string[]).includes(type);

function parsed<T>(schema: z.ZodType<T>, event: unknown): T {
  const result = schema.safeParse(event);
  if (result.success) return result.data;
  const [issue] = result.error.issues;
  const field = issue?.path.join('.');
  throw new BadRequestError('Malformed webhook event', field || undefined);
}
