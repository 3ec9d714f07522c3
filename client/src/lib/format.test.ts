import {
  formatAmount,
  formatCard,
  formatCountdown,
  formatDateTime,
  formatPrice,
  minutesUntil,
  toCents,
} from './format';

describe('formatPrice', () => {
  it.each([
    [12, '$12.00'],
    [12.5, '$12.50'],
    [0.99, '$0.99'],
    [1234.5, '$1,234.50'],
  ])('when the price is %p, then it shows %p', (price, shown) => {
    expect(formatPrice(price)).toBe(shown);
  });
});

describe('toCents', () => {
  it('when a price has a float representation error, then the cents are still exact', () => {
    expect(19.99 * 100).not.toBe(1999);
    expect(toCents(19.99)).toBe(1999);
  });
});

describe('formatCountdown', () => {
  it.each([
    [5 * 60_000, '05:00'],
    [61_000, '01:01'],
    [59_001, '01:00'],
    [1, '00:01'],
    [0, '00:00'],
    [-5_000, '00:00'],
    [125 * 60_000, '125:00'],
  ])('when %p ms remain, then it shows %p', (ms, shown) => {
    expect(formatCountdown(ms)).toBe(shown);
  });
});

describe('formatDateTime', () => {
  it('when given an instant, then it shows its date and time in UTC, saying so', () => {
    expect(formatDateTime('2026-11-27T09:05:00.000Z')).toBe('Nov 27, 2026, 9:05 AM UTC');
  });
});

describe('minutesUntil', () => {
  const now = Date.parse('2026-11-27T09:00:00Z');
  it.each([
    ['2026-11-27T09:15:00Z', 15],
    ['2026-11-27T09:14:01Z', 15],
    ['2026-11-27T09:00:20Z', 1],
    ['2026-11-27T08:59:00Z', 1],
  ])('when the moment is %p, then it is %p minutes away (at least 1)', (iso, minutes) => {
    expect(minutesUntil(iso, now)).toBe(minutes);
  });
});

describe('formatAmount', () => {
  it('when the currency comes in lower case, as Stripe gives it, then it is still shown with its symbol', () => {
    expect(formatAmount(30, 'usd')).toBe('$30.00');
    expect(formatAmount(12.5, 'EUR')).toBe('€12.50');
  });
});

describe('formatCard', () => {
  it.each([
    [{ cardBrand: 'visa', cardLast4: '4242' }, 'Visa ending in 4242'],
    [{ cardBrand: 'amex', cardLast4: '0005' }, 'American Express ending in 0005'],
    [{ cardLast4: '4242' }, 'Card ending in 4242'],
    [{ cardBrand: 'mastercard' }, 'Mastercard'],
    [{}, undefined],
  ])('when the provider gives %p, then the card reads %p', (card, shown) => {
    expect(formatCard(card)).toBe(shown);
  });
});
