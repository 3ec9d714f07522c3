/**
 * What a card payment can charge, in US dollars: Stripe refuses charges under $0.50 and over $999,999.99,
 * so a ticket priced outside these bounds could be listed and ordered but never paid for.
 */
export const MIN_PRICE = 0.5;
export const MAX_PRICE = 999_999.99;

/** A price in the currency's major unit: within the payable bounds, with at most two decimals (whole cents). */
export function isValidPrice(value: unknown): value is number {
  return (
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= MIN_PRICE &&
    value <= MAX_PRICE &&
    // The shortest decimal form of the number, so 19.99 passes although 19.99 * 100 is not whole.
    /^\d+(\.\d{1,2})?$/.test(String(value))
  );
}
