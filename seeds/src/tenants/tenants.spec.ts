import { childrenOf, findTenantByCode, villagesOf } from './tenant-lookup';
import { xuchangTenants, xuchangVillages } from './xuchang-divisions.generated';

describe('the 许昌市 tenant subset', () => {
  it('has unique tenant and village codes of the right length per level', () => {
    expect(new Set(xuchangTenants.map((tenant) => tenant.code)).size).toBe(xuchangTenants.length);
    expect(new Set(xuchangVillages.map((village) => village.code)).size).toBe(xuchangVillages.length);
    const lengths = { city: 6, county: 6, township: 9 };
    for (const tenant of xuchangTenants) {
      expect(tenant.code).toMatch(new RegExp(`^\\d{${lengths[tenant.level]}}$`));
    }
    for (const village of xuchangVillages) {
      expect(village.code).toMatch(/^\d{12}$/);
      expect(village.code.startsWith(village.townshipCode)).toBe(true);
    }
  });

  it('has one root, 许昌市 411000', () => {
    expect(xuchangTenants.filter((tenant) => tenant.parentCode === null)).toEqual([
      { code: '411000', name: '许昌市', level: 'city', parentCode: null, path: '411000' },
    ]);
  });

  it('has paths consistent with parents, and levels one below the parent', () => {
    const below = { city: 'county', county: 'township', township: null };
    for (const tenant of xuchangTenants) {
      if (tenant.parentCode === null) {
        expect(tenant.path).toBe(tenant.code);
        continue;
      }
      const parent = findTenantByCode(tenant.parentCode);
      expect(parent).toBeDefined();
      expect(tenant.path).toBe(`${parent?.path}/${tenant.code}`);
      expect(parent && below[parent.level]).toBe(tenant.level);
    }
  });

  it('holds the county-level units of 许昌市, development zone included', () => {
    expect(childrenOf('411000').map((tenant) => `${tenant.code} ${tenant.name}`)).toEqual([
      '411002 魏都区',
      '411003 建安区',
      '411024 鄢陵县',
      '411025 襄城县',
      '411071 许昌经济技术开发区',
      '411081 禹州市',
      '411082 长葛市',
    ]);
  });

  it('holds the 26 townships of 禹州市, 褚河街道 being 411081005', () => {
    expect(childrenOf('411081')).toHaveLength(26);
    expect(findTenantByCode('411081005')).toEqual({
      code: '411081005',
      name: '褚河街道',
      level: 'township',
      parentCode: '411081',
      path: '411000/411081/411081005',
    });
  });

  it('holds the 37 villages of 褚河街道 and 3 to 5 villages each of a few other townships', () => {
    expect(villagesOf('411081005')).toHaveLength(37);
    const others = new Set(xuchangVillages.map((village) => village.townshipCode).filter((code) => code !== '411081005'));
    expect(others.size).toBeGreaterThanOrEqual(3);
    expect(others.size).toBeLessThanOrEqual(4);
    for (const townshipCode of others) {
      expect(findTenantByCode(townshipCode)?.level).toBe('township');
      expect(villagesOf(townshipCode).length).toBeGreaterThanOrEqual(3);
      expect(villagesOf(townshipCode).length).toBeLessThanOrEqual(5);
    }
  });

  it('finds nothing for an unknown code', () => {
    expect(findTenantByCode('999999')).toBeUndefined();
    expect(childrenOf('999999')).toEqual([]);
    expect(villagesOf('999999999')).toEqual([]);
  });
});
