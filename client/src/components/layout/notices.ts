/** Confirmations a page shows once after an action elsewhere, named in the URL (`?notice=`). */
export const NOTICES = {
  listed: 'Ticket listed.',
  saved: 'Changes saved.',
  'signed-out': 'Signed out.',
  welcome: 'Welcome! Your account is ready.',
} as const;

export type Notice = keyof typeof NOTICES;

export const NOTICE_PARAM = 'notice';

/** `path` (a path on this site, maybe with a query) with the confirmation to show once there. */
export function withNotice(path: string, notice: Notice): string {
  const url = new URL(path, 'http://site.invalid');
  url.searchParams.set(NOTICE_PARAM, notice);
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The message for a `?notice=` value; nothing for an unknown one (a link cannot make up a message). */
export function noticeMessage(value: string | null): string | undefined {
  return value !== null && Object.hasOwn(NOTICES, value) ? NOTICES[value as Notice] : undefined;
}
