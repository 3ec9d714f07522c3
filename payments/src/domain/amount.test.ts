import { toCents } from './amount';

describe('toCents', () => {
  it.each([
    [19.99, 1999],
    [0.1 + 0.2, 30],
    [1.005, 101],
    [4.35, 435],
    [1e-2, 1],
    [0.07, 7],
    [8.2, 820],
    [1.1, 110],
    [20, 2000],
    [0, 0],
    [123456.78, 12345678],
    [0.995, 100],
    [0.004, 0],
    [0.005, 1],
    [5e-7, 0],
    [1.5e3, 150000],
  ])('when the price is %p, then it is %p cents', (price, cents) => {
    expect(toCents(price)).toBe(cents);
  });

  it('when the price is any two-decimal amount up to $30, then it is exact', () => {
    for (let dollars = 0; dollars < 30; dollars += 1) {
      for (let cents = 0; cents < 100; cents += 1) {
        expect(toCents(dollars + cents / 100)).toBe(dollars * 100 + cents);
      }
    }
  });

  it.each([[-1], [Number.NaN], [Number.POSITIVE_INFINITY], [1e300]])(
    'when the price is %p, then it is refused',
    (price) => {
      expect(() => toCents(price)).toThrow(RangeError);
    },
  );
});
