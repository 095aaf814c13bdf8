import { DomainError } from './domain-error';
import { streamIds } from './stream-ids';

describe('streamIds', () => {
  it('builds every stream id in one format', () => {
    expect(streamIds.campaign('c1')).toBe('campaign-c1');
    expect(streamIds.checklist('v2')).toBe('checklist-v2');
    expect(streamIds.inspection('c1', '411081005201')).toBe('inspection-c1-411081005201');
    expect(streamIds.entry('e9')).toBe('entry-e9');
    expect(streamIds.report('r3')).toBe('report-r3');
  });

  it.each(['', ' ', 'a b', 'tab\there', 'line\nbreak'])('rejects the id %j', (id) => {
    expect(() => streamIds.entry(id)).toThrow(DomainError);
    expect(() => streamIds.inspection('c1', id)).toThrow(expect.objectContaining({ code: 'LEDGER_INVALID_ID' }));
  });
});
