const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

/** Prices are dollars with cents, e.g. 12.5 → "$12.50". */
export function formatPrice(price: number): string {
  return usd.format(price);
}

/** Cents for Stripe, without floating-point drift (19.99 * 100 is 1998.9999…). */
export function toCents(price: number): number {
  return Math.round(price * 100);
}

/** Remaining time as mm:ss, rounded up so "00:00" only shows once the time is really over. */
export function formatCountdown(remainingMs: number): string {
  const totalSeconds = Math.max(0, Math.ceil(remainingMs / 1000));
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  return `${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
}

/**
 * What the user typed in a price field, as the number the API takes (2 decimals), or null when
 * it is not a price at all. Range checks are the API's.
 */
export function parsePrice(input: string): number | null {
  const trimmed = input.trim();
  if (!/^\d+(\.\d*)?$|^\.\d+$/.test(trimmed)) return null;
  return Math.round(Number(trimmed) * 100) / 100;
}
