import { safeReturnPath, signInPath } from './return-path';

describe('safeReturnPath', () => {
  it.each(['/', '/orders', '/orders/abc?x=1', '/tickets/new?from=home&page=2#price'])(
    'when the value is the local path %p, then it is kept',
    (path) => {
      expect(safeReturnPath(path)).toBe(path);
    },
  );

  it('when a long local path has a query and a hash, then all of it is kept', () => {
    const path = `/orders/${'a'.repeat(500)}?after=${'b'.repeat(200)}&sort=new#row-42`;
    expect(safeReturnPath(path)).toBe(path);
  });

  it('when a local path carries percent-encoded characters, then they stay encoded', () => {
    expect(safeReturnPath('/tickets?q=rock%20%26%20roll')).toBe('/tickets?q=rock%20%26%20roll');
  });

  it.each([
    ['an absolute URL', 'https://evil.example'],
    ['an absolute URL to this path', 'http://localhost/orders'],
    ['a protocol-relative URL', '//evil.example'],
    ['a backslash after the slash', '/\\evil.example'],
    ['a tab between the slashes', '/\t/evil.example'],
    ['a newline between the slashes', '/\n/evil.example'],
    ['a carriage return between the slashes', '/\r/evil.example'],
    ['a tab inside the path', '/orders\t'],
    ['a null character', '/orders\u0000'],
    ['a DEL character', '/orders\u007f'],
    ['backslashes that become slashes', '/\\\\evil.example'],
    ['a slash after a backslash', '\\/evil.example'],
    ['a backslash inside the path', '/orders\\x'],
    ['a malformed percent-encoding', '/orders/%E0%A4%A'],
    ['a percent-encoded slash', '/%2F/evil.example'],
    ['a percent-encoded backslash', '/%5Cevil.example'],
    ['a percent-encoded tab', '/%09/evil.example'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['a data: URL', 'data:text/html,<script>alert(1)</script>'],
    ['a relative path', 'orders'],
    ['an empty string', ''],
    ['not a string', undefined],
    ['a repeated parameter', ['/a', '/b']],
  ])('when the value is %s, then it falls back to the home page', (_what, value) => {
    expect(safeReturnPath(value)).toBe('/');
  });
});

describe('signInPath', () => {
  it('when given a return path, then it is carried, encoded, in the query', () => {
    expect(signInPath('/orders/1?a=b')).toBe('/auth/signin?next=%2Forders%2F1%3Fa%3Db');
  });
});
