import { ancestorPaths, codeOf, descendantsLikePattern, isTenantPath, isWithinScope } from './tenant-path';

describe('tenant paths', () => {
  it.each([
    ['411000/411081/411081005', '411000/411081', true],
    ['411000/411081', '411000/411081', true],
    ['411000/4110810', '411000/411081', false],
    ['411000', '411000/411081', false],
    ['411000/411024/411024100', '411000/411081', false],
  ])('%s within %s: %s', (path, scope, expected) => {
    expect(isWithinScope(path, scope)).toBe(expected);
  });

  it('lists ancestors from the root down', () => {
    expect(ancestorPaths('411000/411081/411081005')).toEqual(['411000', '411000/411081', '411000/411081/411081005']);
  });

  it('takes the own code and builds an escape-safe LIKE pattern', () => {
    expect(codeOf('411000/411081/411081005')).toBe('411081005');
    expect(descendantsLikePattern('a_b')).toBe('a\\_b/%');
  });

  it.each(['', '/', 'a//b', 'a/', '../a', 'a b'])('rejects %j as a path', (value) => {
    expect(isTenantPath(value)).toBe(false);
  });
});
