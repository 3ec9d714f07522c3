import mongoose, { type Connection } from 'mongoose';
import { metricsFor, OrderStatus } from '@ticketing/common';
import { uniqueDatabaseUri } from '@ticketing/common/testing';
import { createChargeClaimModel } from '../data/charge-claim-model';
import { createDeclinedAttemptModel } from '../data/declined-attempt-model';
import { createOrderModel, type OrderModel } from '../data/order-model';
import { createPaymentAttemptModel, type PaymentAttemptModel } from '../data/payment-attempt-model';
import { createPaymentModel, PaymentStatus, type PaymentModel } from '../data/payment-model';
import { createRefundModel, RefundReason, type RefundModel } from '../data/refund-model';
import { TestPaymentProvider } from '../providers/test-provider';
import { testLogger } from '../test/payments-test-service';
import { ChargeClaims } from './charge-claims';
import { DeclineLimits } from './decline-limits';
import { SERVICE_NAME } from '../service-name';
import { Payments } from './payments';

let connection: Connection;
let orders: OrderModel;
let paymentModel: PaymentModel;
let attempts: PaymentAttemptModel;
let refunds: RefundModel;
let claims: ChargeClaims;
let declineLimits: DeclineLimits;
beforeAll(async () => {
  connection = await mongoose.createConnection(uniqueDatabaseUri('payments')).asPromise();
  orders = createOrderModel(connection);
  paymentModel = await createPaymentModel(connection);
  attempts = await createPaymentAttemptModel(connection);
  refunds = await createRefundModel(connection);
  claims = new ChargeClaims(createChargeClaimModel(connection));
  const limit = { max: 5, windowSeconds: 900 };
  declineLimits = new DeclineLimits(await createDeclinedAttemptModel(connection, testLogger), {
    perOrder: limit,
    perUser: limit,
  });
});
afterAll(async () => {
  await connection.dropDatabase();
  await connection.close();
});

describe('settling a reported success', () => {
  it('when the cancellation lands between storing the payment and the re-check, then the payment is refunded', async () => {
    const provider = new TestPaymentProvider();
    const payments = new Payments({
      orders,
      payments: paymentModel,
      attempts,
      refunds,
      claims,
      declineLimits,
      provider,
      logger: testLogger,
      eventsRecorded: () => {},
    });
    const orderId = new mongoose.Types.ObjectId().toHexString();
    await orders.create({
      _id: orderId,
      version: 0,
      userId: 'u',
      status: OrderStatus.Created,
      price: 10,
      expiresAt: new Date(Date.now() + 60_000),
    });
    await attempts.create({ orderId, userId: 'u', stripeId: 'pi_raced', amount: 1000 });
    // The third read of the order is the re-check after the save (the first two are the checks of
    // the reported success and of its settlement): the cancellation lands first.
    const read = orders.findById.bind(orders);
    let reads = 0;
    const findById = jest.spyOn(orders, 'findById').mockImplementation(((id: string) => {
      reads += 1;
      if (reads !== 3) return read(id);
      return {
        lean: async () => {
          await orders.updateOne({ _id: id }, { status: OrderStatus.Cancelled, version: 1 });
          return read(id).lean();
        },
      };
    }) as never);
    try {
      const settlement = await payments.acceptReportedSuccess({
        orderId,
        stripeId: 'pi_raced',
        amount: 1000,
        currency: 'usd',
      });

      expect(settlement).toEqual({ status: 'refunded', reason: RefundReason.OrderCancelled });
    } finally {
      findById.mockRestore();
    }
    expect(provider.refunded.has('pi_raced')).toBe(true);
    expect(await paymentModel.findOne({ orderId }).lean()).toMatchObject({
      status: PaymentStatus.Refunded,
      refundedAt: expect.any(Date),
    });
    expect(await refunds.findOne({ stripeId: 'pi_raced' }).lean()).toMatchObject({
      reason: RefundReason.OrderCancelled,
      amount: 1000,
    });
  });
});

describe('payment metrics', () => {
  const orderFor = async (userId: string) => {
    const order = await orders.create({
      _id: new mongoose.Types.ObjectId().toHexString(),
      version: 0,
      userId,
      status: OrderStatus.Created,
      price: 10,
      expiresAt: new Date(Date.now() + 60_000),
    });
    return order.id as string;
  };
  const countsByOutcome = async () => {
    const metric = metricsFor(SERVICE_NAME).registry.getSingleMetric('ticketing_payments_total');
    const { values } = await metric!.get();
    return Object.fromEntries(values.map(({ labels, value }) => [labels.outcome, value]));
  };

  it('when charges succeed, are declined, require action and are refunded, then ticketing_payments_total counts each once', async () => {
    const payments = new Payments({
      orders,
      payments: paymentModel,
      attempts,
      refunds,
      claims,
      declineLimits,
      provider: new TestPaymentProvider(),
      logger: testLogger,
      eventsRecorded: () => {},
    });
    const before = await countsByOutcome();
    const paid = await orderFor('metrics-user');
    const declined = await orderFor('metrics-user');
    const challenged = await orderFor('metrics-user');

    await payments.pay('metrics-user', paid, 'tok_visa');
    await expect(payments.pay('metrics-user', paid, 'tok_visa')).rejects.toThrow();
    await expect(payments.pay('metrics-user', declined, 'tok_chargeDeclined')).rejects.toThrow();
    await payments.pay('metrics-user', challenged, 'pm_card_authenticationRequired');
    await payments.refundCancelledOrder(paid);
    await payments.refundCancelledOrder(paid);

    const after = await countsByOutcome();
    const moved = (outcome: string) => (after[outcome] ?? 0) - (before[outcome] ?? 0);
    expect(['succeeded', 'declined', 'requires_action', 'refunded'].map(moved)).toEqual([
      1, 1, 1, 1,
    ]);
  });
});
