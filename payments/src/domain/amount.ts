/**
 * A dollar price in integer cents, computed on its decimal digits rather than in binary floating
 * point: `19.99 * 100` is 1998.9999999999998 and `Math.round(1.005 * 100)` is 100. A price is
 * read as the shortest decimal that denotes it (`String(0.1 + 0.2)` is "0.30000000000000004"),
 * and anything beyond the cents is rounded half up.
 */
export function toCents(price: number): number {
  if (!Number.isFinite(price) || price < 0) throw new RangeError(`not a price: ${price}`);
  const [mantissa = '', exponent = '0'] = String(price).split('e');
  const [whole = '', fraction = ''] = mantissa.split('.');
  const digits = whole + fraction;
  // Where the decimal point falls in `digits` once the amount is in cents.
  const point = whole.length + Number(exponent) + 2;
  const padded = point > digits.length ? digits.padEnd(point, '0') : digits;
  const cents = point <= 0 ? 0 : Number(padded.slice(0, point));
  const nextDigit = point < 0 ? 0 : Number(padded[point] ?? '0');
  const rounded = cents + (nextDigit >= 5 ? 1 : 0);
  if (!Number.isSafeInteger(rounded)) throw new RangeError(`price out of range: ${price}`);
  return rounded;
}
