import { testUser } from '@ticketing/common/testing';
import { ETicketCodes, parseETicketKey } from '../domain/e-tickets';
import {
  availableTicket,
  newETicketKey,
  newId,
  paidOrder,
  placeOrder,
  startTestOrdersService,
  TEST_ETICKET_KEY,
  type TestOrdersService,
} from '../test/orders-test-service';

let orders: TestOrdersService;
beforeAll(async () => {
  orders = await startTestOrdersService();
});
afterAll(() => orders.stop());

/** Signs with the service's own key: codes the service never hands out (it has no other way to). */
const serviceKeyCodes = new ETicketCodes(parseETicketKey(TEST_ETICKET_KEY));

const INVALID = { errors: [{ message: 'This is not a valid e-ticket code', field: 'code' }] };

const scan = (user: ReturnType<typeof testUser>, code: unknown) =>
  orders.as(user).post('/api/orders/verify-ticket').send({ code });

describe('POST /api/orders/verify-ticket', () => {
  it("when the seller scans a paid order's e-ticket for the first time, then it is valid, naming the order and ticket", async () => {
    const { seller, order } = await paidOrder(orders);
    const before = Date.now();

    const res = await scan(seller, order.eTicketCode);

    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      result: 'valid',
      orderId: order.id,
      ticketId: order.ticket.id,
      ticketTitle: order.ticket.title,
      firstUsedAt: expect.any(String),
    });
    expect(Date.parse(res.body.firstUsedAt)).toBeGreaterThanOrEqual(before);
  });

  it("when it is scanned again, then it is already used, with the first scan's time", async () => {
    const { seller, order } = await paidOrder(orders);
    const first = await scan(seller, order.eTicketCode);

    const again = await scan(seller, order.eTicketCode);

    expect(again.status).toBe(200);
    expect(again.body).toEqual({ ...first.body, result: 'already-used' });
  });

  it('when it is scanned twice at the same moment, then exactly one scan is valid and both name the same first use', async () => {
    const { seller, order } = await paidOrder(orders);

    const scans = await Promise.all(
      Array.from({ length: 6 }, () => scan(seller, order.eTicketCode)),
    );

    expect(scans.map((res) => res.status)).toEqual(Array(6).fill(200));
    expect(scans.filter((res) => res.body.result === 'valid')).toHaveLength(1);
    expect(new Set(scans.map((res) => res.body.firstUsedAt)).size).toBe(1);
  });

  it('when the code was signed with another key, then it answers 400 and the e-ticket stays unused', async () => {
    const { seller, order } = await paidOrder(orders);
    const forged = new ETicketCodes(parseETicketKey(newETicketKey())).sign({
      orderId: order.id,
      ticketId: order.ticket.id,
    });

    const res = await scan(seller, forged);

    expect(res.status).toBe(400);
    expect(res.body).toEqual(INVALID);
    expect((await scan(seller, order.eTicketCode)).body.result).toBe('valid');
  });

  it.each([
    [
      'a character changed',
      (code: string) => `${code.slice(0, -1)}${code.endsWith('A') ? 'B' : 'A'}`,
    ],
    ['cut short', (code: string) => code.slice(0, 30)],
    ['empty', () => ''],
    ['not a string', () => 12345],
    ['an object', () => ({ $ne: null })],
    ['missing', () => undefined],
    ['very long', (code: string) => code.repeat(100)],
  ])('when the code is %s, then it answers 400 naming the code', async (_what, garble) => {
    const { seller, order } = await paidOrder(orders);

    const res = await scan(seller, garble(order.eTicketCode!));

    expect(res.status).toBe(400);
    expect(res.body).toEqual(INVALID);
  });

  it("when a genuine signature names an order with another order's ticket, then it answers 400", async () => {
    const { seller, order } = await paidOrder(orders);
    const other = await paidOrder(orders);
    const mismatched = serviceKeyCodes.sign({ orderId: other.order.id, ticketId: order.ticket.id });

    const res = await scan(seller, mismatched);

    expect(res.status).toBe(400);
    expect(res.body).toEqual(INVALID);
  });

  it('when the scanner is not the seller of the ticket (the buyer, anyone else), then it answers 403 and the e-ticket stays unused', async () => {
    const { seller, buyer, order } = await paidOrder(orders);

    const byBuyer = await scan(buyer, order.eTicketCode);
    const byStranger = await scan(testUser(), order.eTicketCode);

    for (const res of [byBuyer, byStranger]) {
      expect(res.status).toBe(403);
      expect(res.body).toEqual({
        errors: [{ message: 'Only the seller of this ticket can verify its e-tickets' }],
      });
    }
    expect((await scan(seller, order.eTicketCode)).body.result).toBe('valid');
  });

  it('when not signed in, then it answers 401', async () => {
    const { order } = await paidOrder(orders);

    const res = await orders
      .http()
      .post('/api/orders/verify-ticket')
      .send({ code: order.eTicketCode });

    expect(res.status).toBe(401);
    expect(res.body).toEqual({ errors: [{ message: 'Not authenticated' }] });
  });

  it.each(['unpaid', 'cancelled'])(
    'when the order is %s, then its code is refused with 409',
    async (state) => {
      const seller = testUser();
      const buyer = testUser();
      const ticket = await availableTicket(orders, { userId: seller.id });
      const order = await placeOrder(orders, buyer, ticket);
      if (state === 'cancelled')
        await orders.as(buyer).delete(`/api/orders/${order.id}`).expect(204);
      const code = serviceKeyCodes.sign({ orderId: order.id, ticketId: ticket.id });

      const res = await scan(seller, code);

      expect(res.status).toBe(409);
      expect(res.body).toEqual({
        errors: [{ message: "This e-ticket's order is not paid: it admits nobody" }],
      });
    },
  );

  it('when the code names an order that does not exist, then it answers 400', async () => {
    const code = serviceKeyCodes.sign({ orderId: newId(), ticketId: newId() });

    const res = await scan(testUser(), code);

    expect(res.status).toBe(400);
    expect(res.body).toEqual(INVALID);
  });
});

describe("the buyer's view of an order", () => {
  it('when the order is paid, then it has the e-ticket code; before, it has none', async () => {
    const buyer = testUser();
    const placed = await placeOrder(orders, buyer);
    const { order } = await paidOrder(orders);

    expect(placed).not.toHaveProperty('eTicketCode');
    expect(order.eTicketCode).toMatch(/^ET1\./);
  });

  it('when the buyer lists their orders, then a paid one carries the same e-ticket code', async () => {
    const { buyer, order } = await paidOrder(orders);

    const res = await orders.as(buyer).get('/api/orders');

    expect(res.body).toEqual([order]);
  });
});

describe('e-ticket keys in rotation', () => {
  it('when the key was rotated, then a code of the former key still verifies while it is listed in ETICKET_PREVIOUS_KEYS', async () => {
    const { seller, order } = await paidOrder(orders);
    const rotated = await startTestOrdersService({
      overrides: {
        MONGO_URI: orders.config.MONGO_URI,
        ETICKET_SIGNING_KEY: newETicketKey(),
        ETICKET_PREVIOUS_KEYS: TEST_ETICKET_KEY,
      },
    });
    try {
      const res = await rotated.as(seller).post('/api/orders/verify-ticket').send({
        code: order.eTicketCode,
      });

      expect(res.status).toBe(200);
      expect(res.body.result).toBe('valid');
    } finally {
      await rotated.stop({ keepDatabase: true });
    }
  });
});
