/**
 * Paging cursors are opaque to clients (so what they encode can change), here the id of the last
 * ticket of the previous page. `decodeCursor` answers undefined for anything it did not encode.
 */
export const encodeCursor = (lastId: string) => Buffer.from(lastId, 'hex').toString('base64url');

export function decodeCursor(cursor: string): string | undefined {
  const id = Buffer.from(cursor, 'base64url').toString('hex');
  return id.length === 24 && encodeCursor(id) === cursor ? id : undefined;
}
