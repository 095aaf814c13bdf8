import type { Position } from '@rectify/event-store-core';
import { classifyRetry, mergeByVersion, type StoredId } from './idempotence';

const stored = (...ids: string[]): StoredId[] =>
  ids.map((eventId, i) => ({ eventId, streamVersion: i, position: `p${i}` as Position }));

describe('classifying a refused append', () => {
  it('finds no overlap: a plain concurrency conflict', () => {
    expect(classifyRetry(['x', 'y'], stored('a', 'b'))).toEqual({ kind: 'absent' });
    expect(classifyRetry(['x'], [])).toEqual({ kind: 'absent' });
  });

  it('recognises the whole batch in order at consecutive versions as a retry', () => {
    expect(classifyRetry(['b', 'c'], stored('a', 'b', 'c', 'd'))).toEqual({ kind: 'retry', nextExpectedVersion: 2, position: 'p2' });
  });

  it('treats part of the batch as an event-id conflict', () => {
    expect(classifyRetry(['b', 'new'], stored('a', 'b', 'c'))).toEqual({ kind: 'conflict', eventIds: ['b'] });
    expect(classifyRetry(['new', 'c'], stored('a', 'b', 'c'))).toEqual({ kind: 'conflict', eventIds: ['c'] });
  });

  it('treats the same ids in another order as an event-id conflict', () => {
    expect(classifyRetry(['c', 'b'], stored('a', 'b', 'c'))).toEqual({ kind: 'conflict', eventIds: ['c', 'b'] });
  });

  it('treats the ids at non-consecutive versions as an event-id conflict', () => {
    const gappy: StoredId[] = [
      { eventId: 'a', streamVersion: 3, position: 'p3' as Position },
      { eventId: 'b', streamVersion: 5, position: 'p5' as Position },
    ];
    expect(classifyRetry(['a', 'b'], gappy)).toEqual({ kind: 'conflict', eventIds: ['a', 'b'] });
  });

  it('treats a batch cut off at the end of what was read as an event-id conflict', () => {
    expect(classifyRetry(['c', 'd'], stored('a', 'b', 'c'))).toEqual({ kind: 'conflict', eventIds: ['c'] });
  });

  it('merges overlapping reads into stream order', () => {
    const a = stored('a', 'b', 'c').slice(0, 2);
    const b = stored('a', 'b', 'c').slice(1);
    expect(mergeByVersion(b, a).map((e) => e.eventId)).toEqual(['a', 'b', 'c']);
  });
});
