import { Subjects } from '@ticketing/common';
import { InMemoryEventBus, testUser, uniqueDatabaseUri } from '@ticketing/common/testing';
import {
  createTicket,
  startTestTicketsService,
  type TestTicketsService,
} from './test/tickets-test-service';

const createdEventsOf = (bus: InMemoryEventBus, ticketId: string) =>
  bus.dataOf(Subjects.TicketCreated).filter((d) => d.id === ticketId);

describe('publishing ticket events through the outbox', () => {
  let tickets: TestTicketsService;
  beforeEach(async () => {
    tickets = await startTestTicketsService();
  });
  afterEach(() => tickets.stop());

  it('when the bus is down, then a ticket is still created without waiting for it, is ready, and its event goes out once the bus is back', async () => {
    tickets.bus.failPublishes = true;

    // Answered while every publish still fails: the write does not wait for the bus (a create that
    // did would hang here until the test's timeout).
    const ticket = await createTicket(tickets, testUser());
    const ready = await tickets.http().get('/readyz');

    expect(ready.status).toBe(200);
    expect(createdEventsOf(tickets.bus, ticket.id)).toEqual([]);

    tickets.bus.failPublishes = false;

    await tickets.eventsPublished();
    expect(createdEventsOf(tickets.bus, ticket.id)).toHaveLength(1);
  });

  it('when an event has gone out, then the relay never publishes it again', async () => {
    const first = await createTicket(tickets);
    await tickets.eventsPublished();

    // More writes make the relay run (and scan) again after the first event went out.
    await createTicket(tickets);
    await createTicket(tickets);
    await tickets.eventsPublished();

    expect(createdEventsOf(tickets.bus, first.id)).toHaveLength(1);
  });
});

describe('publishing after the process died between the write and the publish', () => {
  it('when the service is restarted on its database, then the event written before is published', async () => {
    const MONGO_URI = uniqueDatabaseUri('tickets');
    const crashed = await startTestTicketsService({ overrides: { MONGO_URI } });
    crashed.bus.failPublishes = true;
    const ticket = await createTicket(crashed);
    await crashed.stop({ keepDatabase: true });
    expect(createdEventsOf(crashed.bus, ticket.id)).toEqual([]);

    const restarted = await startTestTicketsService({ overrides: { MONGO_URI } });
    try {
      await restarted.eventsPublished();
      expect(createdEventsOf(restarted.bus, ticket.id)).toHaveLength(1);
    } finally {
      await restarted.stop();
    }
  });
});
