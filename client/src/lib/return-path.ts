const HOME = '/';

// Any origin works for resolving: a value that names another origin (absolute, protocol-relative,
// `javascript:`) resolves away from it, whatever this site's own origin is.
const PROBE_ORIGIN = 'http://return-path.invalid';

// Browsers drop tabs and newlines from URLs (so `/\t/host` becomes `//host`), and a newline in a
// Location header fails the response; backslashes count as slashes in a URL's path.
function hasUnsafeCharacter(text: string): boolean {
  for (const char of text) {
    const code = char.charCodeAt(0);
    if (code < 0x20 || code === 0x7f || char === '\\') return true;
  }
  return false;
}

const SECOND_SLASH = /^\/[/\\]/;

/**
 * Where to go after signing in: only a path on this site. Anything else (another origin, a
 * protocol-relative `//host`, backslashes, control characters, or those hidden behind percent-
 * encoding for whatever decodes the path again) falls back to the home page, so the sign-in page
 * cannot be used as an open redirect. The path is returned as the URL parser resolved it.
 */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || hasUnsafeCharacter(value)) {
    return HOME;
  }
  let url: URL;
  try {
    url = new URL(value, PROBE_ORIGIN);
  } catch {
    return HOME;
  }
  if (url.origin !== PROBE_ORIGIN) return HOME;
  const decodedPath = decoded(url.pathname);
  if (decodedPath === undefined || hasUnsafeCharacter(decodedPath)) return HOME;
  if (SECOND_SLASH.test(url.pathname) || SECOND_SLASH.test(decodedPath)) return HOME;
  return `${url.pathname}${url.search}${url.hash}`;
}

function decoded(path: string): string | undefined {
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
}

export function signInPath(returnTo: string): string {
  return `/auth/signin?next=${encodeURIComponent(returnTo)}`;
}
