import { testUser } from '@ticketing/common/testing';
import {
  availableTicket,
  startTestOrdersService,
  type TestOrdersService,
} from '../test/orders-test-service';

// The service's connection pool lets the orders reach the database truly at the same time: it is
// the unique index alone that must keep them apart.
let orders: TestOrdersService;
beforeAll(async () => {
  orders = await startTestOrdersService();
});
afterAll(() => orders.stop());

describe('no double booking', () => {
  it('when 50 users order one ticket at the same moment, then exactly one gets it and the others get 400', async () => {
    const ticket = await availableTicket(orders);
    const users = Array.from({ length: 50 }, () => testUser());

    const answers = await Promise.all(
      users.map((user) => orders.as(user).post('/api/orders').send({ ticketId: ticket.id })),
    );

    const statuses = answers.map((res) => res.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 400)).toHaveLength(49);
    for (const refused of answers.filter((res) => res.status === 400)) {
      expect(refused.body).toEqual({ errors: [{ message: 'Ticket is already reserved' }] });
    }
    const winner = answers.find((res) => res.status === 201)!;
    const holders = await Promise.all(
      users.map(async (user) => (await orders.as(user).get('/api/orders')).body.length),
    );
    expect(holders.reduce((sum, n) => sum + n, 0)).toBe(1);
    expect(winner.body.ticket.id).toBe(ticket.id);
  });
});
