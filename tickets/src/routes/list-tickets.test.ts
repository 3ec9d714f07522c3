import { Subjects } from '@ticketing/common';
import { testUser } from '@ticketing/common/testing';
import type { Ticket } from '@ticketing/common/api';
import {
  createTicket,
  newOrderId,
  orderCreated,
  orderRef,
  startTestTicketsService,
  type TestTicketsService,
} from '../test/tickets-test-service';

// Each test lists the whole catalogue, so each gets a service with a database of its own.
let tickets: TestTicketsService;
beforeEach(async () => {
  tickets = await startTestTicketsService();
});
afterEach(() => tickets.stop());

const idsOf = (body: Ticket[]) => body.map((t) => t.id);

async function createTickets(count: number): Promise<Ticket[]> {
  const created: Ticket[] = [];
  for (let i = 0; i < count; i++) created.push(await createTicket(tickets));
  return created;
}

describe('GET /api/tickets', () => {
  it('when tickets are on sale, then anyone gets them newest first, without a next cursor', async () => {
    const [first, second, third] = await createTickets(3);

    const res = await tickets.http().get('/api/tickets');

    expect(res.status).toBe(200);
    expect(res.body).toEqual([third, second, first]);
    expect(res.headers['x-next-cursor']).toBeUndefined();
  });

  it('when there are no tickets, then it answers an empty array', async () => {
    const res = await tickets.http().get('/api/tickets');

    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
  });

  it('when tickets are reserved or sold, then only those on sale are listed, and a released one returns', async () => {
    const [onSale, reserved, sold, released] = await createTickets(4);
    const soldTo = newOrderId();
    const releasedFrom = newOrderId();
    await tickets.bus.deliver(Subjects.OrderCreated, orderCreated(reserved!));
    await tickets.bus.deliver(Subjects.OrderCreated, orderCreated(sold!, soldTo));
    await tickets.bus.deliver(Subjects.OrderCompleted, orderRef(sold!, soldTo));
    await tickets.bus.deliver(Subjects.OrderCreated, orderCreated(released!, releasedFrom));
    await tickets.bus.deliver(Subjects.OrderCancelled, orderRef(released!, releasedFrom));

    const res = await tickets.http().get('/api/tickets');

    expect(idsOf(res.body)).toEqual([released!.id, onSale!.id]);
  });

  it('when there are more tickets than the limit, then the cursor pages through all of them once', async () => {
    const created = await createTickets(5);

    const first = await tickets.http().get('/api/tickets?limit=2');
    const second = await tickets
      .http()
      .get(`/api/tickets?limit=2&after=${first.headers['x-next-cursor']}`);
    const third = await tickets
      .http()
      .get(`/api/tickets?limit=2&after=${second.headers['x-next-cursor']}`);

    const newestFirst = idsOf(created).reverse();
    expect(idsOf(first.body)).toEqual(newestFirst.slice(0, 2));
    expect(idsOf(second.body)).toEqual(newestFirst.slice(2, 4));
    expect(idsOf(third.body)).toEqual(newestFirst.slice(4));
    expect(third.headers['x-next-cursor']).toBeUndefined();
  });

  it('when the last page is exactly full, then no cursor is offered', async () => {
    await createTickets(2);

    const res = await tickets.http().get('/api/tickets?limit=2');

    expect(res.body).toHaveLength(2);
    expect(res.headers['x-next-cursor']).toBeUndefined();
  });

  it('when no limit is given, then a page holds 50 tickets', async () => {
    await Promise.all(Array.from({ length: 51 }, () => createTicket(tickets)));

    const res = await tickets.http().get('/api/tickets');

    expect(res.body).toHaveLength(50);
    expect(res.headers['x-next-cursor']).toEqual(expect.any(String));
  });

  it('when the limit is 100, then it is accepted', async () => {
    await tickets.http().get('/api/tickets?limit=100').expect(200);
  });

  it.each(['0', '101', '-1', '2.5', 'ten', ''])(
    'when the limit is %p, then it answers 400 naming the limit field',
    async (limit) => {
      const res = await tickets.http().get(`/api/tickets?limit=${limit}`);

      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        errors: [{ message: 'Limit must be a whole number from 1 to 100', field: 'limit' }],
      });
    },
  );

  it('when the limit is given twice, then it answers 400 naming the limit field', async () => {
    const res = await tickets.http().get('/api/tickets?limit=1&limit=2');

    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'limit' })]);
  });

  it.each(['garbage!', 'abc', '', newOrderId()])(
    'when the cursor is malformed (%p), then it answers 400 naming the after field',
    async (after) => {
      const res = await tickets.http().get(`/api/tickets?after=${after}`);

      expect(res.status).toBe(400);
      expect(res.body).toEqual({ errors: [{ message: 'Cursor is not valid', field: 'after' }] });
    },
  );
});

describe('GET /api/tickets?mine=true', () => {
  it("when the seller has tickets on sale, reserved and sold, then they get all of theirs, newest first, with their status, and no one else's", async () => {
    const seller = testUser();
    const [onSale, reserved, sold] = [
      await createTicket(tickets, seller),
      await createTicket(tickets, seller),
      await createTicket(tickets, seller),
    ];
    await createTicket(tickets);
    const soldTo = newOrderId();
    await tickets.bus.deliver(Subjects.OrderCreated, orderCreated(reserved!));
    await tickets.bus.deliver(Subjects.OrderCompleted, orderRef(sold!, soldTo));

    const res = await tickets.as(seller).get('/api/tickets?mine=true');

    expect(res.status).toBe(200);
    expect(res.body.map((t: Ticket) => [t.id, t.status])).toEqual([
      [sold!.id, 'sold'],
      [reserved!.id, 'reserved'],
      [onSale!.id, 'on-sale'],
    ]);
    expect(res.headers['x-next-cursor']).toBeUndefined();
  });

  it('when the seller has more tickets than the limit, then the cursor pages through all of them once', async () => {
    const seller = testUser();
    const created: Ticket[] = [];
    for (let i = 0; i < 5; i++) created.push(await createTicket(tickets, seller));
    await createTicket(tickets);

    const pages: string[][] = [];
    let after = '';
    do {
      const res = await tickets
        .as(seller)
        .get(`/api/tickets?mine=true&limit=2${after && `&after=${after}`}`)
        .expect(200);
      pages.push(idsOf(res.body));
      after = res.headers['x-next-cursor'] ?? '';
    } while (after);

    expect(pages).toEqual([
      idsOf(created).reverse().slice(0, 2),
      idsOf(created).reverse().slice(2, 4),
      idsOf(created).reverse().slice(4),
    ]);
  });

  it('when the seller has listed nothing, then it answers an empty array', async () => {
    await createTicket(tickets);

    const res = await tickets.as(testUser()).get('/api/tickets?mine=true');

    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
  });

  it('when not signed in, then it answers 401', async () => {
    const res = await tickets.http().get('/api/tickets?mine=true');

    expect(res.status).toBe(401);
    expect(res.body).toEqual({ errors: [{ message: 'Not authenticated' }] });
  });

  it('when mine is false, then it is the public list of tickets on sale', async () => {
    const seller = testUser();
    const [onSale, reserved] = [await createTicket(tickets, seller), await createTicket(tickets)];
    await tickets.bus.deliver(Subjects.OrderCreated, orderCreated(reserved!));

    const res = await tickets.http().get('/api/tickets?mine=false');

    expect(idsOf(res.body)).toEqual([onSale!.id]);
  });

  it.each(['yes', '1', '', 'TRUE'])(
    'when mine is %p, then it answers 400 naming the mine field',
    async (mine) => {
      const res = await tickets.as(testUser()).get(`/api/tickets?mine=${mine}`);

      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        errors: [{ message: 'Mine must be true or false', field: 'mine' }],
      });
    },
  );

  it('when mine is given twice, then it answers 400 naming the mine field', async () => {
    const res = await tickets.as(testUser()).get('/api/tickets?mine=true&mine=true');

    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'mine' })]);
  });
});
