import mongoose, { type Connection } from 'mongoose';
import { OrderStatus } from '@ticketing/common';
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
