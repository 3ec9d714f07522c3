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
 * A moment as the site shows it: date and time in UTC, named as such. Pages are rendered on the
 * server, which does not know the visitor's time zone, and the server's own zone would be arbitrary.
 */
export function formatDateTime(iso: string): string {
  return `${dateTime.format(new Date(iso))} UTC`;
}

const dateTime = new Intl.DateTimeFormat('en-US', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

/** Whole minutes until `iso`, rounded up, at least 1: "may be back on sale in N min". */
export function minutesUntil(iso: string, now = Date.now()): number {
  return Math.max(1, Math.ceil((Date.parse(iso) - now) / 60_000));
}

/** An amount in a currency's major unit (as prices are), e.g. (30, 'usd') → "$30.00". */
export function formatAmount(amount: number, currency: string): string {
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: currency.toUpperCase(),
  }).format(amount);
}

/** The card a payment was made with, as far as the provider told: "Visa •••• 4242", or nothing. */
export function formatCard({ cardBrand, cardLast4 }: { cardBrand?: string; cardLast4?: string }) {
  const brand = cardBrand ? (CARD_BRANDS[cardBrand] ?? capitalise(cardBrand)) : undefined;
  if (brand && cardLast4) return `${brand} ending in ${cardLast4}`;
  if (cardLast4) return `Card ending in ${cardLast4}`;
  return brand;
}

/** Stripe's brand codes whose names are not just the code capitalised. */
const CARD_BRANDS: Record<string, string> = {
  amex: 'American Express',
  diners: 'Diners Club',
  jcb: 'JCB',
  unionpay: 'UnionPay',
  mastercard: 'Mastercard',
};

const capitalise = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
