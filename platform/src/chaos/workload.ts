import { setTimeout as sleep } from 'node:timers/promises';
import { Shopper, type ApiResponse } from '../e2e/support/shopper';
import type { SeededRandom } from './seeded-random';

/** What a buyer means to do with an order; the weights of the mix choose among them and browsing. */
export const INTENTS = [
  'pay',
  'declined-then-pay',
  'declined-then-expire',
  'cancel',
  'expire',
] as const;
export type Intent = (typeof INTENTS)[number];
export type Action = Intent | 'browse';

export interface WorkloadOptions {
  url: string;
  random: SeededRandom;
  sellers: number;
  buyers: number;
  /** A user waits between 0 and twice this long between actions: the rate. */
  thinkMs: number;
  /** Relative weights of a buyer's next action. */
  mix: Record<Action, number>;
}

export const DEFAULT_MIX: Record<Action, number> = {
  pay: 5,
  'declined-then-pay': 2,
  'declined-then-expire': 1,
  cancel: 2,
  expire: 1,
  browse: 3,
};

/** How long a user keeps asking for something the platform has not heard of yet (a 404 in flight). */
const PATIENCE_MS = 20_000;
const REQUEST_TIMEOUT_MS = 15_000;
const GOOD_CARD = 'tok_visa';
const DECLINED_CARD = 'tok_chargeDeclined';

/** Requests by route and outcome: a status code, or why there was none. */
export class RequestTally {
  readonly counts: Record<string, Record<string, number>> = {};

  add(route: string, outcome: string): void {
    const byOutcome = (this.counts[route] ??= {});
    byOutcome[outcome] = (byOutcome[outcome] ?? 0) + 1;
  }

  total(): number {
    return Object.values(this.counts).reduce(
      (sum, byOutcome) => sum + Object.values(byOutcome).reduce((a, b) => a + b, 0),
      0,
    );
  }
}

/** An order the workload created, with what its buyer meant to do with it. */
export interface PlacedOrder {
  id: string;
  ticketId: string;
  intent: Intent;
  buyer: Shopper;
}

/**
 * Virtual sellers and buyers through the gateway, as people use the site: sellers list tickets;
 * buyers browse, order, pay with a good or a declined card, cancel, or let the reservation expire.
 * Every request is counted by outcome; failures (a fault in progress) are counted, not fatal.
 */
export class Workload {
  readonly requests = new RequestTally();
  readonly orders: PlacedOrder[] = [];
  private readonly ticketsForSale: string[] = [];
  private running = false;
  private users: Promise<void>[] = [];

  constructor(private readonly options: WorkloadOptions) {}

  async start(): Promise<void> {
    const { url, sellers, buyers, random } = this.options;
    const make = () => new Shopper(url, { requestTimeoutMs: REQUEST_TIMEOUT_MS });
    // Signed up before the faults begin: the chaos is in what they do, not in who they are.
    const people = await Promise.all(
      Array.from({ length: sellers + buyers }, () => make().signUp()),
    );
    this.running = true;
    this.users = people.map((person, i) =>
      i < sellers ? this.sellLoop(person, random.fork()) : this.buyLoop(person, random.fork()),
    );
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.users);
  }

  private async sellLoop(seller: Shopper, random: SeededRandom): Promise<void> {
    while (this.running) {
      const price = random.between(500, 20_000) / 100;
      const res = await this.call(seller, 'POST', '/api/tickets', '/api/tickets', {
        title: `Chaos show ${random.between(1, 1_000_000)}`,
        price,
      });
      if (res?.status === 201) this.ticketsForSale.push(res.body.id as string);
      await this.think(random, 2);
    }
  }

  private async buyLoop(buyer: Shopper, random: SeededRandom): Promise<void> {
    while (this.running) {
      const action = random.weighted(this.options.mix);
      if (action === 'browse') await this.browse(buyer, random);
      else await this.purchase(buyer, random, action);
      await this.think(random);
    }
  }

  private async browse(buyer: Shopper, random: SeededRandom): Promise<void> {
    const listing = await this.call(buyer, 'GET', '/api/tickets', '/api/tickets');
    const shown = Array.isArray(listing?.body) ? (listing.body as { id: string }[]) : [];
    if (shown.length > 0) {
      const { id } = random.pick(shown);
      await this.call(buyer, 'GET', '/api/tickets/:id', `/api/tickets/${id}`);
    }
  }

  private async purchase(buyer: Shopper, random: SeededRandom, intent: Intent): Promise<void> {
    // Most buyers take a ticket nobody tried yet; some race for one another buyer may hold.
    const ticketId = random.chance(0.8)
      ? this.ticketsForSale.shift()
      : this.ticketsForSale.length > 0
        ? random.pick(this.ticketsForSale)
        : undefined;
    if (ticketId === undefined) return;
    const ordered = await this.untilKnown(() =>
      this.call(buyer, 'POST', '/api/orders', '/api/orders', { ticketId }),
    );
    if (ordered?.status !== 201) return;
    const orderId = ordered.body.id as string;
    this.orders.push({ id: orderId, ticketId, intent, buyer });

    const pay = (token: string) =>
      this.untilKnown(() =>
        this.call(buyer, 'POST', '/api/payments', '/api/payments', { orderId, token }),
      );
    switch (intent) {
      case 'pay':
        await pay(GOOD_CARD);
        break;
      case 'declined-then-pay':
        await pay(DECLINED_CARD);
        await pay(GOOD_CARD);
        break;
      case 'declined-then-expire':
        await pay(DECLINED_CARD);
        break;
      case 'cancel':
        await this.call(buyer, 'DELETE', '/api/orders/:id', `/api/orders/${orderId}`);
        break;
      case 'expire':
        break;
    }
  }

  /**
   * Repeats a request while the answer says the platform has not caught up (404: an event on its
   * way) or could not answer (5xx, none): what a person does by trying again.
   */
  private async untilKnown(
    request: () => Promise<ApiResponse | undefined>,
  ): Promise<ApiResponse | undefined> {
    const deadline = Date.now() + PATIENCE_MS;
    for (let attempt = 0; ; attempt++) {
      const res = await request();
      const retry = res === undefined || res.status === 404 || res.status >= 500;
      if (!retry || !this.running || Date.now() > deadline) return res;
      await sleep(Math.min(50 * 2 ** attempt, 1_000));
    }
  }

  /** One request, counted; undefined when there was no (readable) answer. */
  private async call(
    user: Shopper,
    method: string,
    route: string,
    path: string,
    body?: unknown,
  ): Promise<ApiResponse | undefined> {
    const name = `${method} ${route}`;
    try {
      const res = await user.call(method, path, body);
      this.requests.add(name, String(res.status));
      return res;
    } catch (err) {
      const timedOut = err instanceof Error && err.name === 'TimeoutError';
      this.requests.add(name, timedOut ? 'timed out' : 'no answer');
      return undefined;
    }
  }

  private async think(random: SeededRandom, factor = 1): Promise<void> {
    await sleep(random.between(0, 2 * this.options.thinkMs * factor));
  }
}
