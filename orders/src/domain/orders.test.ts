import mongoose, { type Connection } from 'mongoose';
import { BadRequestError, OrderStatus } from '@ticketing/common';
import { testUser, uniqueDatabaseUri } from '@ticketing/common/testing';
import { createOrderModel, type OrderModel } from '../data/order-model';
import { createTicketCopyModel } from '../data/ticket-copy-model';
import { newETicketKey, newId } from '../test/orders-test-service';
import { ETicketCodes, parseETicketKey } from './e-tickets';
import { Orders } from './orders';

let connection: Connection;
let model: OrderModel;
let orders: Orders;
beforeAll(async () => {
  connection = await mongoose.createConnection(uniqueDatabaseUri('orders_domain')).asPromise();
  model = await createOrderModel(connection);
  const tickets = createTicketCopyModel(connection);
  orders = new Orders({
    orders: model,
    tickets,
    eventsRecorded: () => {},
    expirationWindowSeconds: 900,
    eTickets: new ETicketCodes(parseETicketKey(newETicketKey())),
  });
  await tickets.create({
    _id: ticketId,
    title: 'Concert',
    price: 20,
    sellerId: newId(),
    version: 0,
  });
});
afterAll(async () => {
  await connection.dropDatabase();
  await connection.close();
});
afterEach(() => jest.restoreAllMocks());

const ticketId = newId();

/** Makes the next save lose a race: `otherWrite` changes the order just before it. */
function loseRace(otherWrite: (id: unknown) => Promise<unknown>) {
  const save = model.prototype.save;
  jest.spyOn(model.prototype, 'save').mockImplementationOnce(async function (
    this: { _id: unknown },
    ...args: unknown[]
  ) {
    await otherWrite(this._id);
    return save.apply(this, args);
  });
}

describe('changing an order under optimistic concurrency', () => {
  it('when a cancel loses the race to a payment, then it is re-read and refused, and the order stays complete', async () => {
    const buyer = testUser();
    const order = await orders.place(buyer.id, ticketId);
    loseRace(() => orders.completePayment(order.id));

    const cancel = orders.cancelFor(buyer.id, order.id);

    await expect(cancel).rejects.toEqual(new BadRequestError('Cannot cancel a completed order'));
    const stored = await model.findById(order.id).select('+outbox').lean();
    expect(stored).toMatchObject({ status: OrderStatus.Complete, version: 1 });
    expect(stored!.outbox.map((e) => e.subject)).toEqual(['order.created', 'order.completed']);
  });
});
