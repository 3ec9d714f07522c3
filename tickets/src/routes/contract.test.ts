import { Subjects } from '@ticketing/common';
import { apiErrorBody, ticketList, ticketView } from '@ticketing/common/api';
import { expectContract, testUser } from '@ticketing/common/testing';
import {
  createTicket,
  inDays,
  newOrderId,
  orderCreated,
  orderRef,
  startTestTicketsService,
  uniqueTitle,
  type TestTicketsService,
} from '../test/tickets-test-service';

let tickets: TestTicketsService;
beforeAll(async () => {
  tickets = await startTestTicketsService();
});
afterAll(() => tickets.stop());

describe('the tickets API answers as the contract (@ticketing/common/api) says', () => {
  it('when a ticket is created, read, listed, reserved and edited, then every answer is a ticket of the contract', async () => {
    const seller = testUser();
    const created = await tickets
      .as(seller)
      .post('/api/tickets')
      .send({ title: uniqueTitle(), price: 12.5 })
      .expect(201);
    expectContract(ticketView, created.body);
    const edited = await tickets
      .as(seller)
      .put(`/api/tickets/${created.body.id}`)
      .send({ title: uniqueTitle(), price: 13 })
      .expect(200);
    expectContract(ticketView, edited.body);
    expectContract(ticketList, (await tickets.http().get('/api/tickets').expect(200)).body);

    const reserved = await createTicket(tickets);
    await tickets.bus.deliver(Subjects.OrderCreated, orderCreated(reserved, newOrderId()));
    const shown = await tickets.http().get(`/api/tickets/${reserved.id}`).expect(200);
    expect(expectContract(ticketView, shown.body).orderId).toBeDefined();
  });

  it('when a ticket has every detail, is listed by its seller and sold, then every answer is a ticket of the contract', async () => {
    const seller = testUser();
    const created = await tickets
      .as(seller)
      .post('/api/tickets')
      .send({
        title: uniqueTitle(),
        price: 40,
        eventAt: inDays(10),
        venue: 'Wembley Stadium',
        city: 'London',
        category: 'sports',
        section: 'North',
        row: '3',
        seat: '7',
        description: 'Cup final.\nBring ID.',
      })
      .expect(201);
    expect(expectContract(ticketView, created.body)).toMatchObject({ status: 'on-sale' });
    const orderId = newOrderId();
    await tickets.bus.deliver(Subjects.OrderCompleted, orderRef(created.body, orderId));

    const mine = await tickets.as(seller).get('/api/tickets?mine=true').expect(200);

    const [sold] = expectContract(ticketList, mine.body);
    expect(sold).toMatchObject({ id: created.body.id, status: 'sold', soldAt: expect.any(String) });
  });

  it('when a request is refused, then 400, 401, 403 and 404 answer the standard error body', async () => {
    const ticket = await createTicket(tickets);
    const seller = testUser();
    const sold = await createTicket(tickets, seller);
    await tickets.bus.deliver(Subjects.OrderCompleted, orderRef(sold, newOrderId()));
    const refusals = await Promise.all([
      tickets.as(testUser()).post('/api/tickets').send({ title: '', price: -1 }),
      tickets
        .as(testUser())
        .post('/api/tickets')
        .send({ title: uniqueTitle(), price: 10, eventAt: 'yesterday', category: 'opera' }),
      tickets.as(seller).put(`/api/tickets/${sold.id}`).send({ title: 'x', price: 10 }),
      tickets.http().post('/api/tickets').send({ title: uniqueTitle(), price: 10 }),
      tickets.http().get('/api/tickets?mine=true'),
      tickets.as(testUser()).put(`/api/tickets/${ticket.id}`).send({ title: 'x', price: 10 }),
      tickets.http().get(`/api/tickets/${newOrderId()}`),
    ]);

    expect(refusals.map((res) => res.status)).toEqual([400, 400, 400, 401, 401, 403, 404]);
    for (const res of refusals) expectContract(apiErrorBody, res.body);
  });
});
