import { Subjects } from '@ticketing/common';
import {
  createTicket,
  newOrderId,
  orderCreated,
  orderRef,
  publishedUpdate,
  startTestTicketsService,
  updatesOf,
  type TestTicketsService,
} from '../../test/tickets-test-service';

let tickets: TestTicketsService;
beforeAll(async () => {
  tickets = await startTestTicketsService();
});
afterAll(() => tickets.stop());

const ticketOf = async (id: string) => (await tickets.http().get(`/api/tickets/${id}`)).body;

describe('on order.cancelled', () => {
  it('when the order holds the ticket, then the ticket is back on sale and ticket.updated is published without an order', async () => {
    const ticket = await createTicket(tickets);
    const orderId = newOrderId();
    await tickets.bus.deliver(Subjects.OrderCreated, orderCreated(ticket, orderId));

    const outcome = await tickets.bus.deliver(Subjects.OrderCancelled, orderRef(ticket, orderId));

    expect(outcome).toEqual({ action: 'ack' });
    expect(await ticketOf(ticket.id)).toEqual({ ...ticket, version: 2 });
    const released = await publishedUpdate(tickets.bus, ticket.id, 2);
    expect(released).not.toHaveProperty('orderId');
    expect(released.status).toBe('on-sale');
    const listed = await tickets.http().get('/api/tickets?limit=100');
    expect(listed.body.map((t: { id: string }) => t.id)).toContain(ticket.id);
  });

  it('when the same cancel is delivered again, then it is acked as ignored, with no second effect', async () => {
    const ticket = await createTicket(tickets);
    const orderId = newOrderId();
    await tickets.bus.deliver(Subjects.OrderCreated, orderCreated(ticket, orderId));
    await tickets.bus.deliver(Subjects.OrderCancelled, orderRef(ticket, orderId));
    await publishedUpdate(tickets.bus, ticket.id, 2);

    const again = await tickets.bus.deliver(Subjects.OrderCancelled, orderRef(ticket, orderId), {
      deliveryCount: 2,
    });

    expect(again).toEqual({ action: 'ack', ignored: true });
    expect((await ticketOf(ticket.id)).version).toBe(2);
    expect(updatesOf(tickets.bus, ticket.id)).toHaveLength(2);
  });

  it('when a stale cancel of an earlier order arrives, then the current reservation is kept', async () => {
    const ticket = await createTicket(tickets);
    const earlier = newOrderId();
    const current = newOrderId();
    await tickets.bus.deliver(Subjects.OrderCreated, orderCreated(ticket, earlier));
    await tickets.bus.deliver(Subjects.OrderCancelled, orderRef(ticket, earlier));
    await tickets.bus.deliver(Subjects.OrderCreated, orderCreated(ticket, current));

    const stale = await tickets.bus.deliver(Subjects.OrderCancelled, orderRef(ticket, earlier), {
      deliveryCount: 2,
    });

    expect(stale).toEqual({ action: 'ack', ignored: true });
    expect(await ticketOf(ticket.id)).toMatchObject({ orderId: current, version: 3 });
  });

  it('when the cancel of an order that never held the ticket arrives, then the holder keeps it', async () => {
    const ticket = await createTicket(tickets);
    const holder = newOrderId();
    await tickets.bus.deliver(Subjects.OrderCreated, orderCreated(ticket, holder));

    const outcome = await tickets.bus.deliver(
      Subjects.OrderCancelled,
      orderRef(ticket, newOrderId()),
    );

    expect(outcome).toEqual({ action: 'ack' });
    const after = await ticketOf(ticket.id);
    expect(after.orderId).toBe(holder);
    // Remembering that order bumped the version, so its ticket.updated went out too: no gap.
    expect(await publishedUpdate(tickets.bus, ticket.id, after.version)).toMatchObject({
      orderId: holder,
    });
  });

  it('when the ticket is unknown, then the event is acked as ignored', async () => {
    const unknown = { id: newOrderId(), title: 'Unknown', price: 1, userId: 'u', version: 0 };

    const outcome = await tickets.bus.deliver(
      Subjects.OrderCancelled,
      orderRef(unknown, newOrderId()),
    );

    expect(outcome).toEqual({ action: 'ack', ignored: true });
  });
});
