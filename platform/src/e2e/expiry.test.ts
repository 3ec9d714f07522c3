import { startPlatform, type Platform } from '../start-platform';
import { recordDelay, reportDelays } from './support/delays';
import { signedUp } from './support/shopper';
import { e2eLog } from './support/e2e-log';

const WINDOW_SECONDS = 3;

let platform: Platform;
beforeAll(async () => {
  platform = await startPlatform({
    port: 0,
    env: {
      LOG_LEVEL: 'warn',
      AUTH_RATE_LIMIT_MAX: '100000',
      EXPIRATION_WINDOW_SECONDS: String(WINDOW_SECONDS),
    },
    log: e2eLog,
  });
}, 120_000);
afterAll(async () => {
  await platform?.stop();
  reportDelays('expiry');
});

describe('a reservation that runs out', () => {
  it('when the order is not paid by expiresAt, then it is cancelled, the ticket is free again and paying is refused', async () => {
    const [seller, buyer, nextBuyer] = await signedUp(platform.url, 3);
    const ticket = await seller!.sellTicket();
    const { order } = await buyer!.orderWhenAvailable(ticket.id);
    const expiresAt = Date.parse(order.expiresAt);
    expect(expiresAt - Date.now()).toBeLessThanOrEqual(WINDOW_SECONDS * 1000);

    await buyer!.waitForOrderStatus(order.id, 'cancelled', 30_000);
    recordDelay('expiresAt -> cancelled', Date.now() - expiresAt);

    const { order: second } = await nextBuyer!.orderWhenAvailable(ticket.id);
    expect(second.status).toBe('created');
    const late = await buyer!.call('POST', '/api/payments', {
      orderId: order.id,
      token: 'tok_visa',
    });
    expect(late.status).toBe(400);
  });
});
