import { isValidPrice } from './price';

describe('ticket prices', () => {
  it.each([0.5, 1, 19.99, 20.5, 999_999.99])('when the price is %p, then it is valid', (price) => {
    expect(isValidPrice(price)).toBe(true);
  });

  it.each([
    0,
    0.49,
    0.01,
    1_000_000,
    -0.01,
    10.001,
    0.001,
    1e-7,
    Number.NaN,
    Infinity,
    '19.99',
    null,
    undefined,
  ])('when the price is %p, then it is not valid', (price) => {
    expect(isValidPrice(price)).toBe(false);
  });
});
