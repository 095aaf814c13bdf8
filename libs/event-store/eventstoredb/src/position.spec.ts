import { InvalidArgumentError } from '@rectify/event-store-core';
import { comparePositions, decodePosition, encodePosition, isAfter } from './position';

describe('EventStoreDB positions', () => {
  it('encode as zero-padded commit:prepare and decode back', () => {
    const position = { commit: 1234n, prepare: 1200n };
    const encoded = encodePosition(position);
    expect(encoded).toBe('00000000000000001234:00000000000000001200');
    expect(decodePosition(encoded)).toEqual(position);
  });

  it('round-trip the largest u64 log positions', () => {
    const max = 2n ** 64n - 1n;
    expect(decodePosition(encodePosition({ commit: max, prepare: max }))).toEqual({ commit: max, prepare: max });
  });

  it('sort as strings in the order of the log', () => {
    const positions = [
      { commit: 10n, prepare: 10n },
      { commit: 9n, prepare: 9n },
      { commit: 100n, prepare: 100n },
      { commit: 10n, prepare: 5n },
    ];
    const byString = positions.map(encodePosition).sort();
    const byLog = [...positions].sort(comparePositions).map(encodePosition);
    expect(byString).toEqual(byLog);
  });

  it.each([
    ['a word', 'yesterday'],
    ['the PostgreSQL format', '123-456'],
    ['unpadded numbers', '1234:1200'],
    ['a negative part', '-0000000000000000001:00000000000000000001'],
    ['a value beyond u64', '99999999999999999999:00000000000000000000'],
    ['trailing text', '00000000000000001234:00000000000000001200x'],
    ['a number', 42],
    ['null', null],
  ])('reject %s as a checkpoint with InvalidArgumentError', (_label, input) => {
    expect(() => decodePosition(input)).toThrow(InvalidArgumentError);
  });

  it('name the field in the error', () => {
    expect(() => decodePosition('nope', 'after')).toThrow(expect.objectContaining({ field: 'after', code: 'EVENT_STORE_INVALID_ARGUMENT' }));
  });

  it('isAfter is strict, and everything is after no checkpoint', () => {
    const at = { commit: 50n, prepare: 50n };
    expect(isAfter(at, null)).toBe(true);
    expect(isAfter(at, at)).toBe(false);
    expect(isAfter({ commit: 50n, prepare: 51n }, at)).toBe(true);
    expect(isAfter({ commit: 49n, prepare: 60n }, at)).toBe(false);
  });

  it('refuse to encode a position outside u64', () => {
    expect(() => encodePosition({ commit: -1n, prepare: 0n })).toThrow(RangeError);
  });
});
