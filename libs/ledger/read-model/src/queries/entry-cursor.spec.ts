import { decodeEntryCursor, encodeEntryCursor, type EntrySort } from './entry-cursor';

const byDue: EntrySort = { field: 'due_date', direction: 'asc' };

describe('entry cursors', () => {
  it('round-trips', () => {
    const cursor = { sort: byDue, value: '2023-08-31', entryId: 'e-1' };
    expect(decodeEntryCursor(encodeEntryCursor(cursor), byDue)).toEqual(cursor);
  });

  it.each([
    ['garbage', '!!!'],
    ['not JSON', Buffer.from('{{').toString('base64url')],
    ['another shape', Buffer.from(JSON.stringify({ a: 1 })).toString('base64url')],
    ['a bad date', Buffer.from(JSON.stringify(['due_date', 'asc', 'soon', 'e-1'])).toString('base64url')],
  ])('rejects %s with READ_MODEL_INVALID_CURSOR', (_name, text) => {
    expect(() => decodeEntryCursor(text, byDue)).toThrow(expect.objectContaining({ code: 'READ_MODEL_INVALID_CURSOR' }));
  });

  it('rejects a cursor made for another sort', () => {
    const text = encodeEntryCursor({ sort: { field: 'item_no', direction: 'asc' }, value: 5, entryId: 'e-1' });
    expect(() => decodeEntryCursor(text, byDue)).toThrow(expect.objectContaining({ code: 'READ_MODEL_INVALID_CURSOR' }));
  });
});
