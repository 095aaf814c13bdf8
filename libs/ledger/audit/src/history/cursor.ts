import { AuditError, AuditErrorCode } from '../audit-error';

/** Opaque keyset cursors: base64url of `<kind>:<value>`; a cursor of another kind is refused. */
export function encodeCursor(kind: string, value: string | number): string {
  return Buffer.from(`${kind}:${value}`, 'utf8').toString('base64url');
}

export function decodeCursor(kind: string, cursor: string | null | undefined): string | null {
  if (cursor === null || cursor === undefined || cursor === '') return null;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith(`${kind}:`)) throw new AuditError(AuditErrorCode.InvalidCursor, '分页游标无效', { cursor });
  return text.slice(kind.length + 1);
}

export function decodeVersionCursor(kind: string, cursor: string | null | undefined): number {
  const value = decodeCursor(kind, cursor);
  if (value === null) return -1;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new AuditError(AuditErrorCode.InvalidCursor, '分页游标无效', { cursor });
  return n;
}

export const MAX_PAGE_SIZE = 1_000;

export function requirePageSize(first: number | undefined, fallback: number): number {
  const n = first ?? fallback;
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_PAGE_SIZE) {
    throw new AuditError(AuditErrorCode.InvalidArgument, `每页条数须在 1 到 ${MAX_PAGE_SIZE} 之间`, { field: 'first' });
  }
  return n;
}
