import { Subjects } from '@ticketing/common';
import { testUser } from '@ticketing/common/testing';
import {
  createTicket,
  newOrderId,
  orderCreated,
  orderRef,
  publishedUpdate,
  startTestTicketsService,
  uniqueTitle,
  updatesOf,
  type TestTicketsService,
} from '../test/tickets-test-service';

let tickets: TestTicketsService;
beforeAll(async () => {
  tickets = await startTestTicketsService();
});
afterAll(() => tickets.stop());

describe('PUT /api/tickets/:id', () => {
  it('when the owner sends a valid title and price, then it answers 200 with the ticket at the next version', async () => {
    const owner = testUser();
    const ticket = await createTicket(tickets, owner);
    const title = uniqueTitle();

    const res = await tickets
      .as(owner)
      .put(`/api/tickets/${ticket.id}`)
      .send({ title, price: 99.5 });

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...ticket, title, price: 99.5, version: 1 });
    const stored = await tickets.http().get(`/api/tickets/${ticket.id}`);
    expect(stored.body).toEqual(res.body);
  });

  it('when a ticket is updated twice, then each update publishes ticket.updated with its version', async () => {
    const owner = testUser();
    const ticket = await createTicket(tickets, owner);

    await tickets.as(owner).put(`/api/tickets/${ticket.id}`).send({ title: 'First', price: 1 });
    await tickets.as(owner).put(`/api/tickets/${ticket.id}`).send({ title: 'Second', price: 2 });

    await publishedUpdate(tickets.bus, ticket.id, 2);
    const unchanged = {
      id: ticket.id,
      userId: owner.id,
      status: 'on-sale',
      listedAt: ticket.listedAt,
    };
    expect(updatesOf(tickets.bus, ticket.id)).toEqual([
      { ...unchanged, title: 'First', price: 1, version: 1 },
      { ...unchanged, title: 'Second', price: 2, version: 2 },
    ]);
  });

  it('when not signed in, then it answers 401 and the ticket is unchanged', async () => {
    const ticket = await createTicket(tickets);

    const res = await tickets
      .http()
      .put(`/api/tickets/${ticket.id}`)
      .send({ title: uniqueTitle(), price: 1 });

    expect(res.status).toBe(401);
    expect((await tickets.http().get(`/api/tickets/${ticket.id}`)).body).toEqual(ticket);
  });

  it('when someone other than the owner edits it, then it answers 403 and the ticket is unchanged', async () => {
    const ticket = await createTicket(tickets);

    const res = await tickets
      .as(testUser())
      .put(`/api/tickets/${ticket.id}`)
      .send({ title: uniqueTitle(), price: 1 });

    expect(res.status).toBe(403);
    expect(res.body).toEqual({ errors: [{ message: 'You can only edit your own tickets' }] });
    expect((await tickets.http().get(`/api/tickets/${ticket.id}`)).body).toEqual(ticket);
  });

  it('when the ticket is reserved, then it answers 400 Cannot edit a reserved ticket', async () => {
    const owner = testUser();
    const ticket = await createTicket(tickets, owner);
    await tickets.bus.deliver(Subjects.OrderCreated, orderCreated(ticket));

    const res = await tickets
      .as(owner)
      .put(`/api/tickets/${ticket.id}`)
      .send({ title: uniqueTitle(), price: 1 });

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [{ message: 'Cannot edit a reserved ticket' }] });
  });

  it('when the reservation was released, then the owner can edit it again', async () => {
    const owner = testUser();
    const ticket = await createTicket(tickets, owner);
    const orderId = newOrderId();
    await tickets.bus.deliver(Subjects.OrderCreated, orderCreated(ticket, orderId));
    await tickets.bus.deliver(Subjects.OrderCancelled, orderRef(ticket, orderId));

    const res = await tickets
      .as(owner)
      .put(`/api/tickets/${ticket.id}`)
      .send({ title: 'Back on sale', price: 3 });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ title: 'Back on sale', version: 3 });
  });

  it.each([
    [{ title: '', price: 10 }, 'title'],
    [{ title: uniqueTitle(), price: 0 }, 'price'],
    [{ title: uniqueTitle(), price: 1.234 }, 'price'],
    [{ title: uniqueTitle() }, 'price'],
  ])('when the body is %p, then it answers 400 naming %s', async (body, field) => {
    const owner = testUser();
    const ticket = await createTicket(tickets, owner);

    const res = await tickets.as(owner).put(`/api/tickets/${ticket.id}`).send(body);

    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field })]);
    expect((await tickets.http().get(`/api/tickets/${ticket.id}`)).body).toEqual(ticket);
  });

  it.each([newOrderId(), 'not-an-id'])(
    'when no ticket has the id %s, then it answers 404',
    async (id) => {
      const res = await tickets
        .as(testUser())
        .put(`/api/tickets/${id}`)
        .send({ title: uniqueTitle(), price: 1 });

      expect(res.status).toBe(404);
      expect(res.body).toEqual({ errors: [{ message: 'Ticket not found' }] });
    },
  );
});
