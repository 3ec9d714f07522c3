import type { ApiErrorItem } from '@ticketing/common/api';

/** Reads the services' `{ errors: [{ message, field? }] }` body; anything else becomes one generic error. */
export async function readErrors(res: Response): Promise<ApiErrorItem[]> {
  const body: unknown = await res.json().catch(() => undefined);
  if (isErrorBody(body)) return body.errors;
  return [{ message: genericMessage(res.status) }];
}

function isErrorBody(body: unknown): body is { errors: ApiErrorItem[] } {
  if (typeof body !== 'object' || body === null || !('errors' in body)) return false;
  const { errors } = body;
  return (
    Array.isArray(errors) &&
    errors.length > 0 &&
    errors.every(
      (e: unknown) =>
        typeof e === 'object' && e !== null && typeof (e as ApiErrorItem).message === 'string',
    )
  );
}

const THROTTLED = 'Too many attempts. Please wait a moment and try again.';

export function genericMessage(status: number): string {
  if (status === 429) return THROTTLED;
  if (status >= 500) return 'The service is unavailable right now. Please try again shortly.';
  return `The request failed (HTTP ${status}).`;
}

/**
 * What a 429 tells the person: how long to wait, from `Retry-After` (seconds or an HTTP date): in
 * seconds under a minute, else in whole minutes rounded up; the generic line when the header is
 * absent or unreadable.
 */
export function throttledMessage(retryAfter: string | null, now = Date.now()): string {
  const seconds = secondsToWait(retryAfter?.trim() ?? '', now);
  if (seconds === undefined) return THROTTLED;
  return `Too many attempts — try again in ${waitInWords(seconds)}.`;
}

function waitInWords(seconds: number): string {
  if (seconds < 60) {
    const whole = Math.max(1, Math.ceil(seconds));
    return `${whole} ${whole === 1 ? 'second' : 'seconds'}`;
  }
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
}

function secondsToWait(retryAfter: string, now: number): number | undefined {
  if (/^\d+$/.test(retryAfter)) return Number(retryAfter);
  const until = Date.parse(retryAfter);
  if (Number.isNaN(until) || until <= now) return undefined;
  return (until - now) / 1000;
}
