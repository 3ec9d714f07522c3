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
import { createDeclinedAttemptModel } from '../data/declined-attempt-model';
import { createOrderModel } from '../data/order-model';
import { createPaymentAttemptModel } from '../data/payment-attempt-model';
import { createPaymentModel } from '../data/payment-model';
import { createRefundModel } from '../data/refund-model';
import type {
  CardDetails,
  ChargeOutcome,
  ChargeRequest,
  PaymentProvider,
} from '../domain/payment-provider';
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
  /** The PaymentIntent each charge created (succeeded or waiting for the buyer), by order id. */
  readonly intents = new Map<string, string[]>();
  readonly inner = new TestPaymentProvider();
  beforeCharge: (() => Promise<void>) | undefined;

  async charge(charge: ChargeRequest): Promise<ChargeOutcome> {
    this.charges.push(charge);
    await this.beforeCharge?.();
    const outcome = await this.inner.charge(charge);
    if (outcome.status !== 'declined') {
      this.intents.set(charge.orderId, [...(this.intents.get(charge.orderId) ?? []), outcome.id]);
    }
    return outcome;
  }

  refund(paymentId: string): Promise<string | undefined> {
    return this.inner.refund(paymentId);
  }

  cardOf(paymentId: string): Promise<CardDetails | undefined> {
    return this.inner.cardOf(paymentId);
  }

  get refunded(): ReadonlySet<string> {
    return this.inner.refunded;
  }

  chargesOf(orderId: string): ChargeRequest[] {
    return this.charges.filter((c) => c.orderId === orderId);
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
  const pay = (user: UserPayload, body: object) =>
    service.as(user).post('/api/payments').send(body);
  return {
    config,
    bus,
    provider,
    orders,
    payments,
    attempts: await createPaymentAttemptModel(connection),
    refunds: await createRefundModel(connection),
    declines: await createDeclinedAttemptModel(connection, testLogger),
    http,
    eventsPublished: service.eventsPublished,
    /** POST /api/payments as the user. */
    pay,
    /**
     * Starts paying the order with a card that needs 3-D Secure (202): the service has created its
     * PaymentIntent, whose success then arrives by webhook. Resolves the intent's id.
     */
    pendingPayment: async (user: UserPayload, orderId: string) => {
      await pay(user, { orderId, token: 'pm_card_authenticationRequired' }).expect(202);
      const intent = provider.intents.get(orderId)?.at(-1);
      if (!intent) throw new Error(`no PaymentIntent for order ${orderId}`);
      return intent;
    },
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
  intent: { id?: string; orderId?: string; amount?: number; currency?: string },
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
        currency: intent.currency ?? 'usd',
        status: type === 'payment_intent.succeeded' ? 'succeeded' : 'requires_payment_method',
        metadata: intent.orderId ? { orderId: intent.orderId } : {},
        last_payment_error:
          type === 'payment_intent.payment_failed' ? { code: 'card_declined' } : null,
      },
    },
  };
}
