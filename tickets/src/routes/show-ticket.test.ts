import { Subjects } from '@ticketing/common';
import {
  createTicket,
  newOrderId,
  orderCreated,
  publishedUpdate,
  startTestTicketsService,
  type TestTicketsService,
} from '../test/tickets-test-service';

let tickets: TestTicketsService;
beforeAll(async () => {
  tickets = await startTestTicketsService();
});
afterAll(() => tickets.stop());

describe('GET /api/tickets/:id', () => {
  it('when the ticket exists, then anyone gets it without signing in', async () => {
    const ticket = await createTicket(tickets);

    const res = await tickets.http().get(`/api/tickets/${ticket.id}`);

    expect(res.status).toBe(200);
    expect(res.body).toEqual(ticket);
    expect(res.body).not.toHaveProperty('orderId');
  });

  it('when the ticket is reserved, then it shows the order holding it and when the reservation runs out', async () => {
    const ticket = await createTicket(tickets);
    const orderId = newOrderId();
    const event = orderCreated(ticket, orderId);
    await tickets.bus.deliver(Subjects.OrderCreated, event);
    await publishedUpdate(tickets.bus, ticket.id, 1);

    const res = await tickets.http().get(`/api/tickets/${ticket.id}`);

    expect(res.body).toEqual({
      ...ticket,
      orderId,
      status: 'reserved',
      reservedUntil: event.expiresAt,
      version: 1,
    });
  });

  it('when no ticket has the id, then it answers 404', async () => {
    const res = await tickets.http().get(`/api/tickets/${newOrderId()}`);

    expect(res.status).toBe(404);
    expect(res.body).toEqual({ errors: [{ message: 'Ticket not found' }] });
  });

  it.each(['not-an-id', '123', 'zzzzzzzzzzzzzzzzzzzzzzzz', '%24where'])(
    'when the id is malformed (%s), then it answers 404, not 500',
    async (id) => {
      const res = await tickets.http().get(`/api/tickets/${id}`);

      expect(res.status).toBe(404);
      expect(res.body).toEqual({ errors: [{ message: 'Ticket not found' }] });
    },
  );
});
