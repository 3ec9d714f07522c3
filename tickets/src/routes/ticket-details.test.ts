import { Subjects } from '@ticketing/common';
import { testUser, waitFor } from '@ticketing/common/testing';
import {
  createTicket,
  inDays,
  newOrderId,
  orderCreated,
  orderRef,
  publishedUpdate,
  startTestTicketsService,
  uniqueTitle,
  type TestTicketsService,
} from '../test/tickets-test-service';

let tickets: TestTicketsService;
beforeAll(async () => {
  tickets = await startTestTicketsService();
});
afterAll(() => tickets.stop());

const details = () => ({
  eventAt: inDays(30),
  venue: 'Royal Albert Hall',
  city: 'London',
  category: 'concert' as const,
  section: 'Stalls',
  row: 'K',
  seat: '12',
  description: 'Aisle seat.\n\tDoors open at 18:30.',
});

const create = (body: Record<string, unknown>, seller = testUser()) =>
  tickets
    .as(seller)
    .post('/api/tickets')
    .send({ title: uniqueTitle(), price: 20, ...body });

const shown = async (id: string) => (await tickets.http().get(`/api/tickets/${id}`)).body;

describe('POST /api/tickets with event details', () => {
  it('when every detail is valid, then it answers 201 with them, on sale, listed now', async () => {
    const before = Date.now();
    const sent = details();

    const res = await create(sent);

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ ...sent, status: 'on-sale', version: 0 });
    expect(Date.parse(res.body.listedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(res.body.listedAt)).toBeLessThanOrEqual(Date.now());
    expect(res.body.soldAt).toBeUndefined();
    expect(await shown(res.body.id)).toEqual(res.body);
  });

  it('when a ticket with details is created, then ticket.created carries them, its status and when it was listed', async () => {
    const res = await create(details());

    const published = await waitFor(() =>
      tickets.bus.dataOf(Subjects.TicketCreated).find((d) => d.id === res.body.id),
    );
    expect(published).toEqual(res.body);
  });

  it('when only title and price are sent, then it answers 201 without details, as before', async () => {
    const res = await create({});

    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(
      ['id', 'listedAt', 'price', 'status', 'title', 'userId', 'version'].sort(),
    );
  });

  it('when details are null, then the ticket is created without them', async () => {
    const res = await create({ venue: null, eventAt: null, category: null, description: null });

    expect(res.status).toBe(201);
    expect(res.body).not.toHaveProperty('venue');
    expect(res.body).not.toHaveProperty('eventAt');
  });

  it('when an event date has an offset, then it is stored as the same moment in UTC', async () => {
    const res = await create({ eventAt: '2099-05-01T21:30:00+02:00' });

    expect(res.body.eventAt).toBe('2099-05-01T19:30:00.000Z');
  });

  it('when texts have surrounding spaces, then they are stored trimmed', async () => {
    const res = await create({ venue: '  O2 Arena ', city: '\tLondon\n', seat: ' 4 ' });

    expect(res.body).toMatchObject({ venue: 'O2 Arena', city: 'London', seat: '4' });
  });

  it('when a description has line breaks (LF, CR LF or CR) and tabs, then they are kept as LF and tabs', async () => {
    const res = await create({ description: 'One\r\nTwo\rThree\n\tindented' });

    expect(res.status).toBe(201);
    expect(res.body.description).toBe('One\nTwo\nThree\n\tindented');
  });

  it('when texts are at their longest, then they are accepted', async () => {
    const res = await create({
      venue: 'v'.repeat(120),
      city: 'c'.repeat(80),
      section: 's'.repeat(20),
      row: 'r'.repeat(20),
      seat: '9'.repeat(20),
      description: 'd'.repeat(2000),
    });

    expect(res.status).toBe(201);
  });

  const EVENT_AT_FORMAT =
    'Event date must be a date and time with its offset, like 2027-05-01T19:30:00Z';
  it.each([
    ['eventAt', 'in the past', '2020-01-01T19:00:00Z', 'Event date must be in the future'],
    [
      'eventAt',
      'now minus a minute',
      new Date(Date.now() - 60_000).toISOString(),
      'Event date must be in the future',
    ],
    ['eventAt', 'a date without a time', '2099-05-01', EVENT_AT_FORMAT],
    ['eventAt', 'a time without an offset', '2099-05-01T19:30:00', EVENT_AT_FORMAT],
    ['eventAt', 'not a date', 'next friday', EVENT_AT_FORMAT],
    ['eventAt', 'an impossible date', '2099-02-30T19:30:00Z', EVENT_AT_FORMAT],
    ['eventAt', 'a number', Date.now() + 86_400_000, EVENT_AT_FORMAT],
    ['venue', 'empty', '', 'Venue must be between 1 and 120 characters'],
    ['venue', 'only spaces', '   ', 'Venue must be between 1 and 120 characters'],
    ['venue', '121 characters', 'v'.repeat(121), 'Venue must be between 1 and 120 characters'],
    ['venue', 'a number', 42, 'Venue must be between 1 and 120 characters'],
    ['venue', 'an array', ['O2'], 'Venue must be between 1 and 120 characters'],
    ['venue', 'a line break', 'O2\nArena', 'Venue must not contain control characters'],
    ['venue', 'NUL', 'O2\u0000Arena', 'Venue must not contain control characters'],
    ['city', '81 characters', 'c'.repeat(81), 'City must be between 1 and 80 characters'],
    ['city', 'an object', { $gt: '' }, 'City must be between 1 and 80 characters'],
    ['city', 'a C1 control', 'Lon\u009bdon', 'City must not contain control characters'],
    [
      'category',
      'unknown',
      'opera',
      'Category must be one of concert, sports, theatre, comedy, festival, other',
    ],
    [
      'category',
      'in capitals',
      'CONCERT',
      'Category must be one of concert, sports, theatre, comedy, festival, other',
    ],
    [
      'category',
      'an array',
      ['concert'],
      'Category must be one of concert, sports, theatre, comedy, festival, other',
    ],
    ['section', '21 characters', 's'.repeat(21), 'Section must be between 1 and 20 characters'],
    ['section', 'a tab', 'A\tB', 'Section must not contain control characters'],
    ['row', 'empty', '', 'Row must be between 1 and 20 characters'],
    ['row', 'DEL', 'K\u007f', 'Row must not contain control characters'],
    ['seat', '21 characters', '1'.repeat(21), 'Seat must be between 1 and 20 characters'],
    ['seat', 'a number', 12, 'Seat must be between 1 and 20 characters'],
    [
      'description',
      '2001 characters',
      'd'.repeat(2001),
      'Description must be between 1 and 2000 characters',
    ],
    ['description', 'a bell', 'Ring\u0007', 'Description must not contain control characters'],
    [
      'description',
      'a vertical tab',
      'a\u000bb',
      'Description must not contain control characters',
    ],
    [
      'description',
      'an escape sequence',
      'Red \u001b[31m',
      'Description must not contain control characters',
    ],
  ])(
    'when %s is %s, then it answers 400 naming it and creates nothing',
    async (field, _case, value, message) => {
      const seller = testUser();

      const res = await create({ ...details(), [field]: value }, seller);

      expect(res.status).toBe(400);
      expect(res.body).toEqual({ errors: [{ message, field }] });
      expect((await tickets.as(seller).get('/api/tickets?mine=true')).body).toEqual([]);
    },
  );

  it('when several details are invalid, then every one is named', async () => {
    const res = await create({ eventAt: 'soon', venue: '', city: 5, category: 'x' });

    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'eventAt',
      'venue',
      'city',
      'category',
    ]);
  });
});

describe('PUT /api/tickets/:id with event details', () => {
  const edit = (owner: ReturnType<typeof testUser>, id: string, body: Record<string, unknown>) =>
    tickets
      .as(owner)
      .put(`/api/tickets/${id}`)
      .send({ title: uniqueTitle(), price: 30, ...body });

  it('when only title and price are sent, then every detail keeps its value', async () => {
    const owner = testUser();
    const ticket = await createTicket(tickets, owner, details());

    const res = await edit(owner, ticket.id, {});

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ...details(), eventAt: ticket.eventAt, version: 1 });
  });

  it('when details are sent, then they replace the stored ones and ticket.updated carries them', async () => {
    const owner = testUser();
    const ticket = await createTicket(tickets, owner, details());
    const changes = { eventAt: inDays(60), venue: 'O2 Arena', category: 'comedy', seat: '14' };

    const res = await edit(owner, ticket.id, changes);

    expect(res.body).toMatchObject({ ...changes, city: 'London', row: 'K' });
    expect(await publishedUpdate(tickets.bus, ticket.id, 1)).toEqual(res.body);
  });

  it('when a detail is null, then it is cleared and the others are kept', async () => {
    const owner = testUser();
    const ticket = await createTicket(tickets, owner, details());

    const res = await edit(owner, ticket.id, { seat: null, description: null, eventAt: null });

    expect(res.status).toBe(200);
    expect(res.body).not.toHaveProperty('seat');
    expect(res.body).not.toHaveProperty('description');
    expect(res.body).not.toHaveProperty('eventAt');
    expect(res.body).toMatchObject({ venue: 'Royal Albert Hall', row: 'K' });
    expect(await shown(ticket.id)).toEqual(res.body);
    const published = await publishedUpdate(tickets.bus, ticket.id, 1);
    expect(published).not.toHaveProperty('seat');
  });

  it('when the event date sent is in the past, then it answers 400 and the ticket is unchanged', async () => {
    const owner = testUser();
    const ticket = await createTicket(tickets, owner, details());

    const res = await edit(owner, ticket.id, { eventAt: '2001-01-01T00:00:00Z' });

    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      errors: [{ message: 'Event date must be in the future', field: 'eventAt' }],
    });
    expect(await shown(ticket.id)).toEqual(ticket);
  });

  it('when a detail is invalid, then it answers 400 naming it and the ticket is unchanged', async () => {
    const owner = testUser();
    const ticket = await createTicket(tickets, owner, details());

    const res = await edit(owner, ticket.id, { city: 'x'.repeat(81), row: '' });

    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['city', 'row']);
    expect(await shown(ticket.id)).toEqual(ticket);
  });

  it('when the ticket is sold, then it answers 400 saying so and the ticket is unchanged', async () => {
    const owner = testUser();
    const ticket = await createTicket(tickets, owner, details());
    const orderId = newOrderId();
    await tickets.bus.deliver(Subjects.OrderCreated, orderCreated(ticket, orderId));
    await tickets.bus.deliver(Subjects.OrderCompleted, orderRef(ticket, orderId));
    const sold = await shown(ticket.id);

    const res = await edit(owner, ticket.id, { venue: 'Elsewhere' });

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [{ message: 'Cannot edit a sold ticket' }] });
    expect(await shown(ticket.id)).toEqual(sold);
  });
});
