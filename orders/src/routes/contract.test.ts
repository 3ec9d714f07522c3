import { apiErrorBody, orderList, orderView, verifyTicketResponse } from '@ticketing/common/api';
import { expectContract, testUser } from '@ticketing/common/testing';
import {
  availableTicket,
  newId,
  paidOrder,
  startTestOrdersService,
  type TestOrdersService,
} from '../test/orders-test-service';

let orders: TestOrdersService;
beforeAll(async () => {
  orders = await startTestOrdersService();
});
afterAll(() => orders.stop());

describe('the orders API answers as the contract (@ticketing/common/api) says', () => {
  it('when an order is placed, read, listed and cancelled, then every answer is an order of the contract', async () => {
    const buyer = testUser();
    const ticket = await availableTicket(orders);

    const placed = await orders.as(buyer).post('/api/orders').send({ ticketId: ticket.id });
    expect(placed.status).toBe(201);
    const order = expectContract(orderView, placed.body);
    await orders.as(buyer).delete(`/api/orders/${order.id}`).expect(204);
    const shown = await orders.as(buyer).get(`/api/orders/${order.id}`).expect(200);
    expect(expectContract(orderView, shown.body).status).toBe('cancelled');
    expectContract(orderList, (await orders.as(buyer).get('/api/orders').expect(200)).body);
  });

  it('when an order is paid and its e-ticket scanned twice, then the order (receipt, e-ticket) and both answers are of the contract', async () => {
    const { seller, buyer, order } = await paidOrder(orders);

    const shown = await orders.as(buyer).get(`/api/orders/${order.id}`).expect(200);
    const paid = expectContract(orderView, shown.body);
    expect(paid.receipt).toBeDefined();
    for (let scan = 0; scan < 2; scan++) {
      const res = await orders
        .as(seller)
        .post('/api/orders/verify-ticket')
        .send({ code: paid.eTicketCode })
        .expect(200);
      expectContract(verifyTicketResponse, res.body);
    }
  });

  it('when an e-ticket scan is refused, then 400, 401 and 403 answer the standard error body', async () => {
    const { order } = await paidOrder(orders);
    const verify = () => orders.as(testUser()).post('/api/orders/verify-ticket');

    const refusals = await Promise.all([
      verify().send({ code: 'ET1.garbled' }),
      orders.http().post('/api/orders/verify-ticket').send({ code: order.eTicketCode }),
      verify().send({ code: order.eTicketCode }),
    ]);

    expect(refusals.map((res) => res.status)).toEqual([400, 401, 403]);
    for (const res of refusals) expectContract(apiErrorBody, res.body);
  });

  it('when a request is refused, then 400, 401 and 404 answer the standard error body', async () => {
    const refusals = await Promise.all([
      orders.as(testUser()).post('/api/orders').send({}),
      orders.http().get('/api/orders'),
      orders.as(testUser()).get(`/api/orders/${newId()}`),
    ]);

    expect(refusals.map((res) => res.status)).toEqual([400, 401, 404]);
    for (const res of refusals) expectContract(apiErrorBody, res.body);
  });
});
