import { waitFor } from '@ticketing/common/testing';
import { startPlatform, type Platform } from '../start-platform';
import { recordDelay, reportDelays } from './support/delays';
import { Shopper, signedUp } from './support/shopper';
import { e2eLog } from './support/e2e-log';

// The whole platform as separate processes behind the gateway; the test speaks only HTTP to it.
let platform: Platform;
beforeAll(async () => {
  platform = await startPlatform({
    port: 0,
    // A replica that dies before acknowledging gets its event again after the ack wait: keep it short.
    env: { LOG_LEVEL: 'warn', AUTH_RATE_LIMIT_MAX: '100000', EVENT_ACK_WAIT_MS: '3000' },
    log: e2eLog,
  });
}, 120_000);
afterAll(async () => {
  await platform?.stop();
  reportDelays('platform');
});

const shopper = () => new Shopper(platform.url);

describe('buying a ticket end to end', () => {
  it('when a buyer orders and pays with tok_visa, then the order completes and the ticket is sold for good', async () => {
    const [seller, buyer, latecomer] = await signedUp(platform.url, 3);
    const ticket = await seller!.sellTicket('Opera night', 42.5);

    const { order, waitedMs } = await buyer!.orderWhenAvailable(ticket.id);
    recordDelay('ticket created -> orderable', waitedMs);
    expect(order).toMatchObject({ status: 'created', ticket: { id: ticket.id, price: 42.5 } });

    // Payments learns of the order through order.created: retried while it answers 404.
    const paid = await buyer!.payWhenKnown(order.id, 'tok_visa');
    expect(paid.status).toBe(201);
    recordDelay('payment -> order complete', await buyer!.waitForOrderStatus(order.id, 'complete'));

    expect((await latecomer!.call('POST', '/api/orders', { ticketId: ticket.id })).status).toBe(
      400,
    );
    // The tickets service sells the ticket (a new version) once order.completed reaches it.
    await waitFor(
      async () => (await seller!.call('GET', `/api/tickets/${ticket.id}`)).body.status === 'sold',
      { what: 'the ticket sold' },
    );
    const edit = await seller!.call('PUT', `/api/tickets/${ticket.id}`, {
      title: 'Changed',
      price: 1,
    });
    expect(edit).toEqual({
      status: 400,
      body: { errors: [{ message: 'Cannot edit a sold ticket' }] },
    });
    const again = await buyer!.call('POST', '/api/payments', {
      orderId: order.id,
      token: 'tok_visa',
    });
    expect(again.status).toBe(400);
    const onSale = await shopper().call('GET', '/api/tickets');
    expect(onSale.body.map((t: { id: string }) => t.id)).not.toContain(ticket.id);
  });

  it("when a buyer pays with tok_visa, then the order shows a receipt with the card and an e-ticket that its seller's first scan admits and a second scan calls already used", async () => {
    const [seller, buyer, stranger] = await signedUp(platform.url, 3);
    const ticket = await seller!.sellTicket('Jazz at dawn', 30);
    const { order } = await buyer!.orderWhenAvailable(ticket.id);
    expect((await buyer!.payWhenKnown(order.id, 'tok_visa')).status).toBe(201);
    await buyer!.waitForOrderStatus(order.id, 'complete');

    const paid = (await buyer!.call('GET', `/api/orders/${order.id}`)).body;
    // The local platform charges with the test provider: Stripe's tok_visa is a Visa ending 4242.
    expect(paid.receipt).toEqual({
      paidAt: expect.any(String),
      amount: 30,
      currency: 'usd',
      paymentReference: expect.stringMatching(/^pi_/),
      cardBrand: 'visa',
      cardLast4: '4242',
    });
    const scan = (by: Shopper) =>
      by.call('POST', '/api/orders/verify-ticket', { code: paid.eTicketCode });

    expect((await scan(stranger!)).status).toBe(403);
    const first = await scan(seller!);
    const second = await scan(seller!);

    expect(first).toEqual({
      status: 200,
      body: {
        result: 'valid',
        orderId: order.id,
        ticketId: ticket.id,
        ticketTitle: 'Jazz at dawn',
        firstUsedAt: expect.any(String),
      },
    });
    expect(second.body).toEqual({ ...first.body, result: 'already-used' });
  });

  it('when the buyer cancels, then the ticket is released and someone else can order it', async () => {
    const [seller, buyer, other] = await signedUp(platform.url, 3);
    const ticket = await seller!.sellTicket();
    const { order } = await buyer!.orderWhenAvailable(ticket.id);

    expect((await buyer!.call('DELETE', `/api/orders/${order.id}`)).status).toBe(204);

    const { order: second } = await other!.orderWhenAvailable(ticket.id);
    expect(second.status).toBe('created');
    expect((await buyer!.call('GET', `/api/orders/${order.id}`)).body.status).toBe('cancelled');
  });

  it('when the card is declined, then payment is refused and the order stays payable', async () => {
    const [seller, buyer] = await signedUp(platform.url, 2);
    const ticket = await seller!.sellTicket();
    const { order } = await buyer!.orderWhenAvailable(ticket.id);

    const declined = await buyer!.payWhenKnown(order.id, 'tok_chargeDeclined');

    expect(declined.status).toBe(402);
    expect(declined.body.errors[0].message).toMatch(/declined/i);
    expect((await buyer!.call('GET', `/api/orders/${order.id}`)).body.status).toBe('created');
    const retried = await buyer!.call('POST', '/api/payments', {
      orderId: order.id,
      token: 'tok_visa',
    });
    expect(retried.status).toBe(201);
  });

  it('when 30 users order one ticket at the same instant, then exactly one order is created', async () => {
    const [seller, scout, ...crowd] = await signedUp(platform.url, 32);
    const ticket = await seller!.sellTicket();
    // Wait until the ticket is orderable, then free it again, so all 30 race for a known ticket.
    const { order: probe } = await scout!.orderWhenAvailable(ticket.id);
    await scout!.call('DELETE', `/api/orders/${probe.id}`);

    const answers = await Promise.all(
      crowd.map((u) => u.call('POST', '/api/orders', { ticketId: ticket.id })),
    );

    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 400)).toHaveLength(29);
  });
});

describe('failures along the way', () => {
  it('when NATS is down, then selling still answers 201, and once NATS is back the ticket becomes orderable', async () => {
    const [seller, buyer] = await signedUp(platform.url, 2);
    expect(platform.nats).toBeDefined();

    await platform.nats!.stop();
    let ticket;
    try {
      ticket = await seller!.sellTicket('Sold during an outage');
      expect((await buyer!.call('POST', '/api/orders', { ticketId: ticket.id })).status).toBe(404);
    } finally {
      await platform.nats!.start();
    }

    const { order, waitedMs } = await buyer!.orderWhenAvailable(ticket.id, 60_000);
    recordDelay('NATS restarted -> ticket orderable', waitedMs);
    expect(order.status).toBe('created');
  });

  it('when orders is killed (SIGKILL) and restarted, then no event is lost', async () => {
    const [seller, buyer] = await signedUp(platform.url, 2);

    await platform.kill('orders', 'SIGKILL');
    const ticket = await seller!.sellTicket('Sold while orders was down');
    await platform.waitReady('orders');

    const { order } = await buyer!.orderWhenAvailable(ticket.id, 60_000);
    expect(order.ticket.id).toBe(ticket.id);
  });

  it('when tickets is killed (SIGKILL) right after an order, then the reservation still reaches it', async () => {
    const [seller, buyer] = await signedUp(platform.url, 2);
    const ticket = await seller!.sellTicket();

    const { order } = await buyer!.orderWhenAvailable(ticket.id);
    await platform.kill('tickets', 'SIGKILL');
    await platform.waitReady('tickets');

    const deadline = Date.now() + 30_000;
    let reserved;
    do {
      reserved = await shopper().call('GET', `/api/tickets/${ticket.id}`);
    } while (reserved.body?.orderId !== order.id && Date.now() < deadline);
    expect(reserved.body.orderId).toBe(order.id);
  });
});
