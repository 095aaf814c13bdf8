import fc from 'fast-check';
import { canonicalJson, NotJsonError } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts keys at every depth and writes no white space', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: '整改' } })).toBe(
      '{"a":{"c":"整改","d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('gives the same text for the same value however its keys were inserted', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (dict) => {
        const reversed = Object.fromEntries(Object.entries(dict).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(dict));
      }),
    );
  });

  it('round-trips: parsing the text and writing it again gives the same text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(JSON.parse(JSON.stringify(value)));
        expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
    );
  });

  it.each([
    ['undefined', { a: undefined }, '$.a'],
    ['a function', { a: () => 1 }, '$.a'],
    ['a bigint', { a: 1n }, '$.a'],
    ['NaN', [1, Number.NaN], '$[1]'],
    ['Infinity', { n: Number.POSITIVE_INFINITY }, '$.n'],
    ['a Date', { at: new Date(0) }, '$.at'],
    ['a lone surrogate', { s: 'a\ud800' }, '$.s'],
    ['a NUL character', { s: 'a\u0000b' }, '$.s'],
    // eslint-disable-next-line no-sparse-arrays
    ['a sparse array', { a: [1, , 3] }, '$.a[1]'],
  ])('rejects %s and names where it is', (_label, value, path) => {
    expect(() => canonicalJson(value)).toThrow(NotJsonError);
    try {
      canonicalJson(value);
    } catch (error) {
      expect((error as NotJsonError).path).toBe(path);
    }
  });

  it('rejects cycles', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(/循环引用/);
  });

  it('accepts the same object twice when it is not a cycle', () => {
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
  });
});
