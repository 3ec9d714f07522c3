import { formatCountdown, formatPrice, parsePrice, toCents } from './format';

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

describe('parsePrice', () => {
  it.each([
    ['25', 25],
    [' 19.99 ', 19.99],
    ['10.005', 10.01],
    ['.5', 0.5],
    ['7.', 7],
    ['0', 0],
  ])('when the input is %p, then the price is %p', (input, price) => {
    expect(parsePrice(input)).toBe(price);
  });

  it.each(['', 'abc', '-5', '1,000', '1e3', '$5'])(
    'when the input is %p, then it is not a price',
    (input) => {
      expect(parsePrice(input)).toBeNull();
    },
  );
});
