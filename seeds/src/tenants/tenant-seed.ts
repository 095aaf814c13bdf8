export type TenantLevel = 'city' | 'county' | 'township';

/** An administrative unit that runs or receives campaigns, keyed by its GB/T 2260 code. */
export type TenantSeed = {
  /** 6 digits for city and county ('411000', '411081'), 9 for a township ('411081005'). */
  code: string;
  name: string;
  level: TenantLevel;
  parentCode: string | null;
  /** Codes from the root down, joined by '/': '411000/411081/411081005'. */
  path: string;
};

/** A village or community committee (村委会 / 社区居民委员会), inspected item by item. */
export type VillageSeed = {
  /** 12 digits. */
  code: string;
  name: string;
  townshipCode: string;
};
