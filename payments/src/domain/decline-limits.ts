import { TooManyRequestsError } from '@ticketing/common';
import type { DeclinedAttemptModel } from '../data/declined-attempt-model';

export interface DeclineLimit {
  max: number;
  windowSeconds: number;
}

export interface DeclineLimitsOptions {
  perOrder: DeclineLimit;
  perUser: DeclineLimit;
}

export const ORDER_DECLINES_EXCEEDED = 'Too many declined cards for this order; try again later';
export const USER_DECLINES_EXCEEDED = 'Too many declined cards; try again later';

/** A limit of declined cards is used up; `retryAfterSeconds` says when the next attempt counts. */
export class TooManyDeclinesError extends TooManyRequestsError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/**
 * Card testing: declined cards per order and per user within sliding windows, counted in the
 * service's database so the limits hold across replicas.
 */
export class DeclineLimits {
  constructor(
    private readonly declines: DeclinedAttemptModel,
    private readonly limits: DeclineLimitsOptions,
  ) {}

  /** Throws `TooManyDeclinesError` when the order or the user may not try another card yet. */
  async check(orderId: string, userId: string, now = new Date()): Promise<void> {
    await this.checkOne({ orderId }, this.limits.perOrder, ORDER_DECLINES_EXCEEDED, now);
    await this.checkOne({ userId }, this.limits.perUser, USER_DECLINES_EXCEEDED, now);
  }

  async record(orderId: string, userId: string, now = new Date()): Promise<void> {
    const keepMs =
      Math.max(this.limits.perOrder.windowSeconds, this.limits.perUser.windowSeconds) * 1000;
    await this.declines.create({
      orderId,
      userId,
      at: now,
      expiresAt: new Date(now.getTime() + keepMs),
    });
  }

  private async checkOne(
    filter: { orderId: string } | { userId: string },
    { max, windowSeconds }: DeclineLimit,
    message: string,
    now: Date,
  ): Promise<void> {
    const windowMs = windowSeconds * 1000;
    // The max-th most recent decline in the window: until it leaves the window, the limit is used up.
    const [blocking] = await this.declines
      .find({ ...filter, at: { $gt: new Date(now.getTime() - windowMs) } }, { at: 1 })
      .sort({ at: -1 })
      .skip(max - 1)
      .limit(1)
      .lean();
    if (!blocking) return;
    const freedInMs = blocking.at.getTime() + windowMs - now.getTime();
    throw new TooManyDeclinesError(message, Math.max(1, Math.ceil(freedInMs / 1000)));
  }
}
