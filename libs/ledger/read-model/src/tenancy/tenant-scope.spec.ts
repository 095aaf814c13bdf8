import { ancestorPaths, assertScope, escapeLike, isWithinScope, levelCodes, subtreePattern } from './tenant-scope';

describe('tenant scope helpers', () => {
  it('lists every ancestor of a path, the path itself last', () => {
    expect(ancestorPaths('411000/411081/411081005')).toEqual(['411000', '411000/411081', '411000/411081/411081005']);
  });

  it('matches a subtree on whole segments only', () => {
    expect(isWithinScope('411000/411081/411081005', '411000/411081')).toBe(true);
    expect(isWithinScope('411000/411081', '411000/411081')).toBe(true);
    expect(isWithinScope('411000/4110810', '411000/411081')).toBe(false);
  });

  it('escapes LIKE wildcards in codes', () => {
    expect(escapeLike('a_b%c')).toBe('a\\_b\\%c');
    expect(subtreePattern('t_1')).toBe('t\\_1/%');
  });

  it('finds city, county and township codes by their form', () => {
    expect(levelCodes('411000/411081/411081005')).toEqual({ cityCode: '411000', countyCode: '411081', townshipCode: '411081005' });
    expect(levelCodes('410000/411000/411024')).toEqual({ cityCode: '411000', countyCode: '411024', townshipCode: null });
  });

  it('rejects a malformed scope with a stable code', () => {
    expect(() => assertScope('411000/')).toThrow(expect.objectContaining({ code: 'READ_MODEL_INVALID_ARGUMENT' }));
  });
});
