import { ticketLimits } from '@ticketing/common/api';

/**
 * A price in the currency's major unit: within the payable bounds (`ticketLimits`: what a card payment
 * can charge, so a ticket is never listed at a price no one can pay), with at most two decimals
 * (whole cents).
 */
export function isValidPrice(value: unknown): value is number {
  return (
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= ticketLimits.minPrice &&
    value <= ticketLimits.maxPrice &&
    // The shortest decimal form of the number, so 19.99 passes although 19.99 * 100 is not whole.
    /^\d+(\.\d{1,2})?$/.test(String(value))
  );
}
