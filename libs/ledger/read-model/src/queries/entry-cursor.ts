import { ReadModelError, ReadModelErrorCode } from '../errors';

export type EntrySortField = 'due_date' | 'updated_at' | 'item_no' | 'recorded_at';
export type SortDirection = 'asc' | 'desc';
export type EntrySort = { field: EntrySortField; direction: SortDirection };

/** The sort key of the last row of a page: its sort value and its entry id (the tie-breaker). */
export type EntryCursor = { sort: EntrySort; value: string | number; entryId: string };

const FIELDS: readonly EntrySortField[] = ['due_date', 'updated_at', 'item_no', 'recorded_at'];

export function isEntrySortField(value: unknown): value is EntrySortField {
  return typeof value === 'string' && (FIELDS as readonly string[]).includes(value);
}

/** Opaque to clients: base64url of a small JSON tuple. */
export function encodeEntryCursor(cursor: EntryCursor): string {
  return Buffer.from(JSON.stringify([cursor.sort.field, cursor.sort.direction, cursor.value, cursor.entryId]), 'utf8').toString('base64url');
}

function invalid(reason: string): never {
  throw new ReadModelError(ReadModelErrorCode.InvalidCursor, '分页游标无效，请从第一页重新查询', { reason });
}

/** Decodes a cursor and checks it belongs to the same sort; READ_MODEL_INVALID_CURSOR otherwise. */
export function decodeEntryCursor(text: string, sort: EntrySort): EntryCursor {
  if (!/^[A-Za-z0-9_-]{1,1000}$/.test(text)) invalid('not base64url');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    invalid('not JSON');
  }
  if (!Array.isArray(parsed) || parsed.length !== 4) invalid('not a cursor');
  const [field, direction, value, entryId] = parsed as unknown[];
  if (field !== sort.field || direction !== sort.direction) invalid('cursor of another sort');
  if (typeof entryId !== 'string' || entryId.length === 0) invalid('entry id');
  if (field === 'item_no') {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) invalid('item number');
  } else if (field === 'due_date') {
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) invalid('date');
  } else if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
    invalid('instant');
  }
  return { sort, value: value as string | number, entryId: entryId as string };
}
