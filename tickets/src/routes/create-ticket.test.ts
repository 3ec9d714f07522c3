import { Subjects } from '@ticketing/common';
import { testUser, waitFor } from '@ticketing/common/testing';
import {
  startTestTicketsService,
  uniqueTitle,
  type TestTicketsService,
} from '../test/tickets-test-service';

let tickets: TestTicketsService;
beforeAll(async () => {
  tickets = await startTestTicketsService();
});
afterAll(() => tickets.stop());

const TITLE_ERROR = { message: 'Title must be between 1 and 120 characters', field: 'title' };
const PRICE_ERROR = {
  message: 'Price must be from 0.50 to 999999.99 with at most 2 decimals',
  field: 'price',
};

describe('POST /api/tickets', () => {
  it('when signed in with a valid title and price, then it answers 201 with the ticket at version 0', async () => {
    const user = testUser();
    const title = uniqueTitle();

    const res = await tickets.as(user).post('/api/tickets').send({ title, price: 19.99 });

    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      title,
      price: 19.99,
      userId: user.id,
      version: 0,
      status: 'on-sale',
      listedAt: expect.any(String),
    });
  });

  it('when a ticket is created, then ticket.created is published with its version 0', async () => {
    const user = testUser();
    const title = uniqueTitle();

    const res = await tickets.as(user).post('/api/tickets').send({ title, price: 42 });

    const published = await waitFor(() =>
      tickets.bus.dataOf(Subjects.TicketCreated).find((d) => d.id === res.body.id),
    );
    expect(published).toEqual({
      id: res.body.id,
      title,
      price: 42,
      userId: user.id,
      version: 0,
      status: 'on-sale',
      listedAt: res.body.listedAt,
    });
  });

  it('when the ticket is created, then it can be read back', async () => {
    const created = await tickets
      .as(testUser())
      .post('/api/tickets')
      .send({ title: uniqueTitle(), price: 5 });

    const res = await tickets.http().get(`/api/tickets/${created.body.id}`);

    expect(res.body).toEqual(created.body);
  });

  it('when not signed in, then it answers 401 and creates nothing', async () => {
    const title = uniqueTitle();

    const res = await tickets.http().post('/api/tickets').send({ title, price: 10 });

    expect(res.status).toBe(401);
    expect(res.body).toEqual({ errors: [{ message: 'Not authenticated' }] });
    const list = await tickets.http().get('/api/tickets?limit=100');
    expect(list.body.map((t: { title: string }) => t.title)).not.toContain(title);
  });

  it('when the title has surrounding spaces, then it is stored trimmed', async () => {
    const title = uniqueTitle();

    const res = await tickets
      .as(testUser())
      .post('/api/tickets')
      .send({ title: `  ${title} `, price: 10 });

    expect(res.status).toBe(201);
    expect(res.body.title).toBe(title);
  });

  it.each([
    ['empty', ''],
    ['only spaces', '   '],
    ['missing', undefined],
    ['not a string', 42],
    ['121 characters', 'x'.repeat(121)],
  ])('when the title is %s, then it answers 400 naming the title field', async (_case, title) => {
    const res = await tickets.as(testUser()).post('/api/tickets').send({ title, price: 10 });

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [TITLE_ERROR] });
  });

  it.each([
    ['NUL', 'Opera\u0000night'],
    ['a bell (C0)', 'Opera\u0007night'],
    ['a line break', 'Opera\nnight'],
    ['DEL', 'Opera\u007fnight'],
    ['a C1 control', 'Opera\u009bnight'],
  ])(
    'when the title contains %s, then it answers 400 naming the title field',
    async (_case, title) => {
      const res = await tickets.as(testUser()).post('/api/tickets').send({ title, price: 10 });

      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        errors: [{ message: 'Title must not contain control characters', field: 'title' }],
      });
    },
  );

  it('when the title has accents, other scripts and emoji, then it is accepted', async () => {
    const title = `Opéra – 歌剧 🎭 ${uniqueTitle()}`;

    const res = await tickets.as(testUser()).post('/api/tickets').send({ title, price: 10 });

    expect(res.status).toBe(201);
    expect(res.body.title).toBe(title);
  });

  it('when the title is exactly 120 characters, then it is accepted', async () => {
    const res = await tickets
      .as(testUser())
      .post('/api/tickets')
      .send({ title: 'x'.repeat(120), price: 10 });

    expect(res.status).toBe(201);
  });

  it.each([
    ['zero', 0],
    ['under the 0.50 a card payment can charge', 0.49],
    ['over the 999999.99 a card payment can charge', 1_000_000],
    ['negative', -10],
    ['with three decimals', 10.001],
    ['a string of digits', '10'],
    ['a string that is not a number', 'ten'],
    ['missing', undefined],
    ['null', null],
  ])('when the price is %s, then it answers 400 naming the price field', async (_case, price) => {
    const res = await tickets
      .as(testUser())
      .post('/api/tickets')
      .send({ title: uniqueTitle(), price });

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [PRICE_ERROR] });
  });

  it('when both title and price are invalid, then it names both fields', async () => {
    const res = await tickets.as(testUser()).post('/api/tickets').send({ title: '', price: -1 });

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [TITLE_ERROR, PRICE_ERROR] });
  });

  it('when the request is rejected, then nothing is published', async () => {
    const before = tickets.bus.published.length;

    await tickets.as(testUser()).post('/api/tickets').send({ title: '', price: 10 }).expect(400);
    await tickets.http().post('/api/tickets').send({ title: uniqueTitle(), price: 10 }).expect(401);

    expect(tickets.bus.published.length).toBe(before);
  });
});
