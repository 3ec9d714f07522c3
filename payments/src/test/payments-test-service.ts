import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import Stripe from 'stripe';
import {
  createLogger,
  loadConfig,
  OrderStatus,
  Subjects,
  type OrderCreatedData,
  type UserPayload,
} from '@ticketing/common';
import {
  InMemoryEventBus,
  serviceUnderTest,
  testServiceEnv,
  testUser,
} from '@ticketing/common/testing';
import { paymentsConfigSchema, type PaymentsConfig } from '../config';
import { createOrderModel } from '../data/order-model';
import { createPaymentModel } from '../data/payment-model';
import type { ChargeOutcome, ChargeRequest, PaymentProvider } from '../domain/payment-provider';
import { TestPaymentProvider } from '../providers/test-provider';
import { WEBHOOK_PATH } from '../routes/webhook-router';
import { startPaymentsService } from '../start';

/** Not a real secret: a value of the whsec_ shape for signing test webhooks. */
export const TEST_WEBHOOK_SECRET = 'whsec_test_only_not_a_real_secret';

export const testLogger = createLogger('payments-test', process.env.TEST_LOG_LEVEL ?? 'silent');

export function paymentsTestConfig(overrides: NodeJS.ProcessEnv = {}): PaymentsConfig {
  return loadConfig(paymentsConfigSchema, {
    ...testServiceEnv('payments'),
    PAYMENTS_PROVIDER: 'test',
    STRIPE_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
    ...overrides,
  });
}

/**
 * The test provider, recording every request; `beforeCharge` runs inside a charge, as something
 * that happens while the card is being charged.
 */
export class RecordingProvider implements PaymentProvider {
  readonly charges: ChargeRequest[] = [];
  readonly inner = new TestPaymentProvider();
  beforeCharge: (() => Promise<void>) | undefined;

  async charge(charge: ChargeRequest): Promise<ChargeOutcome> {
    this.charges.push(charge);
    await this.beforeCharge?.();
    return this.inner.charge(charge);
  }

  refund(paymentId: string): Promise<void> {
    return this.inner.refund(paymentId);
  }

  get refunded(): Set<string> {
    return this.inner.refunded;
  }
}

/** The real payments service (HTTP + its own database, in-memory bus, recording test provider). */
export async function startTestPaymentsService(env: NodeJS.ProcessEnv = {}) {
  const config = paymentsTestConfig(env);
  const bus = new InMemoryEventBus();
  const provider = new RecordingProvider();
  const service = serviceUnderTest(
    await startPaymentsService(config, { logger: testLogger, bus, provider }),
    config.MONGO_URI,
  );
  const { http } = service;
  // The test's own view of the service's database.
  const connection = await mongoose.createConnection(config.MONGO_URI).asPromise();
  const orders = createOrderModel(connection);
  const payments = await createPaymentModel(connection);
  return {
    config,
    bus,
    provider,
    orders,
    payments,
    http,
    eventsPublished: service.eventsPublished,
    /** POST /api/payments as the user. */
    pay: (user: UserPayload, body: object) => service.as(user).post('/api/payments').send(body),
    /** POST /api/payments/webhook, signed with `secret`. */
    webhook: (event: object, { secret = TEST_WEBHOOK_SECRET, tamper = false } = {}) => {
      const payload = JSON.stringify(event);
      const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret });
      return http()
        .post(WEBHOOK_PATH)
        .set('Content-Type', 'application/json')
        .set('Stripe-Signature', signature)
        .send(tamper ? payload.replace(/"amount":\d+/, '"amount":1') : payload);
    },
    /** Creates the order's copy the way the orders service does: by its order.created event. */
    createOrder: async (user: UserPayload, overrides: Partial<OrderCreatedData> = {}) => {
      const order = orderCreatedData(user, overrides);
      const outcome = await bus.deliver(Subjects.OrderCreated, order);
      if (outcome.action !== 'ack') throw new Error(`order.created not applied: ${outcome.action}`);
      return order;
    },
    /** payment.created of the order, published or still in the outbox (read first, so none slips between). */
    paymentEventsOf: async (orderId: string) => {
      const pending = await payments.findOne({ orderId }).select('+outbox').lean();
      const published = bus.published.filter((e) => e.subject === Subjects.PaymentCreated);
      return [...(pending?.outbox ?? []), ...published].filter(
        (e) => (e.data as { orderId: string }).orderId === orderId,
      );
    },
    stop: async () => {
      await connection.close();
      await service.stop();
    },
  };
}

export type TestPaymentsService = Awaited<ReturnType<typeof startTestPaymentsService>>;

export function orderCreatedData(
  user: UserPayload = testUser(),
  overrides: Partial<OrderCreatedData> = {},
): OrderCreatedData {
  return {
    id: new mongoose.Types.ObjectId().toHexString(),
    version: 0,
    status: OrderStatus.Created,
    userId: user.id,
    expiresAt: new Date(Date.now() + 15 * 60_000).toISOString(),
    ticket: { id: randomUUID(), price: 19.99 },
    ...overrides,
  };
}

/** A Stripe event as the webhook receives it, wrapping a PaymentIntent. */
export function paymentIntentEvent(
  type: 'payment_intent.succeeded' | 'payment_intent.payment_failed' | 'charge.refunded',
  intent: { id?: string; orderId?: string; amount?: number },
) {
  return {
    id: `evt_${randomUUID().replace(/-/g, '')}`,
    object: 'event',
    type,
    created: Math.floor(Date.now() / 1000),
    data: {
      object: {
        id: intent.id ?? `pi_${randomUUID().replace(/-/g, '')}`,
        object: 'payment_intent',
        amount: intent.amount ?? 1999,
        currency: 'usd',
        status: type === 'payment_intent.succeeded' ? 'succeeded' : 'requires_payment_method',
        metadata: intent.orderId ? { orderId: intent.orderId } : {},
        last_payment_error:
          type === 'payment_intent.payment_failed' ? { code: 'card_declined' } : null,
      },
    },
  };
}
