import mongoose, { type Connection } from 'mongoose';
import { OrderStatus } from '@ticketing/common';
import { uniqueDatabaseUri } from '@ticketing/common/testing';
import { createOrderModel, type OrderModel } from '../data/order-model';
import { createPaymentModel, PaymentStatus, type PaymentModel } from '../data/payment-model';
import { TestPaymentProvider } from '../providers/test-provider';
import { testLogger } from '../test/payments-test-service';
import { Payments } from './payments';

let connection: Connection;
let orders: OrderModel;
let paymentModel: PaymentModel;
beforeAll(async () => {
  connection = await mongoose.createConnection(uniqueDatabaseUri('payments')).asPromise();
  orders = createOrderModel(connection);
  paymentModel = await createPaymentModel(connection);
});
afterAll(async () => {
  await connection.dropDatabase();
  await connection.close();
});

describe('settling a succeeded charge', () => {
  it('when the cancellation lands between storing the payment and the re-check, then the payment is refunded', async () => {
    const provider = new TestPaymentProvider();
    const payments = new Payments({
      orders,
      payments: paymentModel,
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
    });
    // The second read of the order is the re-check after the save: the cancellation lands first.
    const read = orders.findById.bind(orders);
    let reads = 0;
    const findById = jest.spyOn(orders, 'findById').mockImplementation(((id: string) => {
      reads += 1;
      if (reads !== 2) return read(id);
      return {
        lean: async () => {
          await orders.updateOne({ _id: id }, { status: OrderStatus.Cancelled, version: 1 });
          return read(id).lean();
        },
      };
    }) as never);
    try {
      const settlement = await payments.settle({ orderId, stripeId: 'pi_raced', amount: 1000 });

      expect(settlement).toEqual({ status: 'refunded', reason: 'order-cancelled' });
    } finally {
      findById.mockRestore();
    }
    expect(provider.refunded.has('pi_raced')).toBe(true);
    expect(await paymentModel.findOne({ orderId }).lean()).toMatchObject({
      status: PaymentStatus.Refunded,
      refundedAt: expect.any(Date),
    });
  });
});
