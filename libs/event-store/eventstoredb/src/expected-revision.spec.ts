import { ANY, NO_STREAM, STREAM_EXISTS, WrongExpectedVersionError } from '@eventstore/db-client';
import { toActualVersion, toExpectedRevision } from './expected-revision';

describe('expected revision mapping', () => {
  it.each([
    ['any', ANY],
    ['no_stream', NO_STREAM],
    ['stream_exists', STREAM_EXISTS],
    [0, 0n],
    [41, 41n],
    [Number.MAX_SAFE_INTEGER, BigInt(Number.MAX_SAFE_INTEGER)],
  ] as const)('maps %p to %p', (expected, revision) => {
    expect(toExpectedRevision(expected)).toBe(revision);
  });

  it('maps a missing stream to -1 and a revision to its number', () => {
    expect(toActualVersion(NO_STREAM)).toBe(-1);
    expect(toActualVersion(0n)).toBe(0);
    expect(toActualVersion(7n)).toBe(7);
  });

  it("reads the actual version from the client's WrongExpectedVersionError", () => {
    const missing = new WrongExpectedVersionError(undefined, { streamName: 's', expected: STREAM_EXISTS, current: NO_STREAM });
    const behind = new WrongExpectedVersionError(undefined, { streamName: 's', expected: 0n, current: 2n });
    expect(toActualVersion(missing.actualVersion)).toBe(-1);
    expect(toActualVersion(behind.actualVersion)).toBe(2);
  });
});
