/** A price in the currency's major unit: positive, with at most two decimals (whole cents). */
export function isValidPrice(value: unknown): value is number {
  return (
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value > 0 &&
    // The shortest decimal form of the number, so 19.99 passes although 19.99 * 100 is not whole.
    /^\d+(\.\d{1,2})?$/.test(String(value))
  );
}
