import { safeReturnPath, signInPath } from './return-path';

describe('safeReturnPath', () => {
  it.each(['/', '/orders', '/orders/abc?x=1'])(
    'when the value is the local path %p, then it is kept',
    (path) => {
      expect(safeReturnPath(path)).toBe(path);
    },
  );

  it.each([
    'https://evil.example',
    '//evil.example',
    '/\\evil.example',
    'orders',
    '',
    undefined,
    ['/a'],
  ])('when the value is %p, then it falls back to the home page', (value) => {
    expect(safeReturnPath(value)).toBe('/');
  });
});

describe('signInPath', () => {
  it('when given a return path, then it is carried, encoded, in the query', () => {
    expect(signInPath('/orders/1?a=b')).toBe('/auth/signin?next=%2Forders%2F1%3Fa%3Db');
  });
});
