/**
 * Where to go after signing in: only a path on this site. Anything else (another origin,
 * protocol-relative `//host`, backslash tricks) falls back to the home page, so the sign-in page
 * cannot be used as an open redirect.
 */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/')) return '/';
  if (value.startsWith('//') || value.startsWith('/\\')) return '/';
  return value;
}

export function signInPath(returnTo: string): string {
  return `/auth/signin?next=${encodeURIComponent(returnTo)}`;
}
