import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
}

export interface ShopperOptions {
  /**
   * How long to wait before the next look while waiting for something (the n-th wait, from 0).
   * Default: 10 ms every time, so tests measure delays finely. Many shoppers at once should back off,
   * as the site's own pages do, or their polling becomes the load.
   */
  pollDelayMs?: (attempt: number) => number;
  /** Abandons a request after this long (a frozen service would hold it); default: no limit. */
  requestTimeoutMs?: number;
}

/** Waits that double from 10 ms up to 500 ms: a crowd of shoppers that does not flood the site. */
export const backingOff = (attempt: number) => Math.min(10 * 2 ** attempt, 500);

/** A person using the site through the gateway, as a browser would: JSON over HTTP and a session cookie. */
export class Shopper {
  private cookie: string | undefined;
  readonly email = `shopper-${randomUUID()}@example.com`;
  readonly password = 'a long enough password';
  id = '';
  private readonly pollDelayMs: (attempt: number) => number;
  private readonly requestTimeoutMs: number | undefined;

  constructor(
    private readonly baseUrl: string,
    { pollDelayMs = () => 10, requestTimeoutMs }: ShopperOptions = {},
  ) {
    this.pollDelayMs = pollDelayMs;
    this.requestTimeoutMs = requestTimeoutMs;
  }

  async call<T = any>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(this.cookie ? { Cookie: this.cookie } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal:
        this.requestTimeoutMs === undefined
          ? undefined
          : AbortSignal.timeout(this.requestTimeoutMs),
    });
    const session = res.headers.getSetCookie().find((c) => c.startsWith('session='));
    if (session) this.cookie = session.split(';')[0];
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  /** The session cookie, for tools that make their own requests (the benchmark). */
  sessionHeaders(): Record<string, string> {
    return this.cookie ? { cookie: this.cookie } : {};
  }

  async signUp(): Promise<this> {
    const res = await this.call('POST', '/api/users/signup', {
      email: this.email,
      password: this.password,
    });
    if (res.status !== 201)
      throw new Error(`sign-up failed: ${res.status} ${JSON.stringify(res.body)}`);
    this.id = res.body.id;
    return this;
  }

  async sellTicket(title = `Show ${randomUUID().slice(0, 6)}`, price = 25.5) {
    const res = await this.call('POST', '/api/tickets', { title, price });
    if (res.status !== 201)
      throw new Error(`selling failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; title: string; price: number; version: number };
  }

  /**
   * Orders a ticket, retrying while the orders service has not heard of it yet (404): the
   * ticket.created event is still on its way. Returns the order and how long it took.
   */
  async orderWhenAvailable(ticketId: string, timeoutMs = 30_000) {
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      const res = await this.call('POST', '/api/orders', { ticketId });
      if (res.status === 201) return { order: res.body, waitedMs: Date.now() - started };
      const retryable =
        res.status === 404 || (res.status === 400 && /reserved/.test(JSON.stringify(res.body)));
      if (!retryable || Date.now() - started > timeoutMs) {
        throw new Error(`ordering failed: ${res.status} ${JSON.stringify(res.body)}`);
      }
      await sleep(this.pollDelayMs(attempt));
    }
  }

  /**
   * Pays for an order, retrying while the payments service has not heard of it yet (404): the
   * order.created event is still on its way. Any other answer is returned as it is.
   */
  async payWhenKnown(orderId: string, token: string, timeoutMs = 30_000): Promise<ApiResponse> {
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      const res = await this.call('POST', '/api/payments', { orderId, token });
      if (res.status !== 404 || Date.now() - started > timeoutMs) return res;
      await sleep(this.pollDelayMs(attempt));
    }
  }

  /** Polls an order until it has the status; returns how long that took. */
  async waitForOrderStatus(orderId: string, status: string, timeoutMs = 30_000): Promise<number> {
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      const res = await this.call('GET', `/api/orders/${orderId}`);
      if (res.body?.status === status) return Date.now() - started;
      if (Date.now() - started > timeoutMs) {
        throw new Error(
          `order ${orderId} is still ${res.body?.status} after ${timeoutMs} ms, not ${status}`,
        );
      }
      await sleep(this.pollDelayMs(attempt));
    }
  }
}

export const signedUp = (baseUrl: string, count: number, options?: ShopperOptions) =>
  Promise.all(Array.from({ length: count }, () => new Shopper(baseUrl, options).signUp()));
