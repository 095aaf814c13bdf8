import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { Workbook, type CellValue, type Worksheet } from 'exceljs';
import {
  checkMeasuresText,
  checkResultText,
  normaliseText,
  type CampaignDeadlines,
  type ChecklistItem,
  type RectificationDeadline,
  type TextRejection,
} from '@rectify/ledger-domain';
import { parseDeadlineText } from '../ledger/deadline-text';
import { LEDGER_COLUMNS, type LedgerColumn } from '../ledger/ledger-layout';
import { type ChecksumAlgorithm } from '../shared/report-output';

/** One importable ledger entry, read from one worksheet row. */
export type ImportRow = {
  sheet: string;
  /** The row number Excel shows. */
  row: number;
  /** Stable idempotency key: hash of sheet + item number + normalised problem text. */
  rowKey: string;
  itemNo: number;
  /** 类型 / 分项 as written (merged cells resolved), or null when blank. */
  categoryName: string | null;
  subAreaName: string | null;
  responsibleUnit: string;
  problem: string;
  measures: string;
  deadline: RectificationDeadline;
  /** A due date written as （已延期至…）, or null. */
  extendedTo: string | null;
  result: string | null;
  signedOff: boolean;
};

/** A problem found in the file: row as Excel shows it, column by its header name, Chinese reason. */
export type ImportError = { sheet: string; row: number; column: string; reason: string };

export type ImportResult = { ok: true; rows: ImportRow[] } | { ok: false; errors: ImportError[] };

export type ImportOptions = {
  /** The campaign's checklist version: item numbers are checked against it. */
  checklist: readonly ChecklistItem[];
  /** 立行立改 / 限期解决 dates: words map to them and dates may not be later. */
  campaignDeadlines: CampaignDeadlines;
  /** Hash of rowKey; SM3 by default. */
  keyAlgorithm?: ChecksumAlgorithm;
};

/** Header texts seen in real ledgers that mean one of the official columns. */
const HEADER_ALIASES: Readonly<Record<string, LedgerColumn>> = {
  类别: '类型',
  对照排查发现具体问题: '对照排查发现问题',
  发现问题: '对照排查发现问题',
  是否销号: '是否销号',
};
const HEADER_SEARCH_ROWS = 10;

/** The text of a cell value (rich text, formulas, hyperlinks, numbers); Dates are kept apart. */
function textOf(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((part) => part.text).join('').trim();
  if ('formula' in value || 'sharedFormula' in value) {
    const result = value.result;
    return result === undefined || result === null || typeof result === 'object' ? '' : String(result).trim();
  }
  if ('text' in value && typeof value.text === 'string') return value.text.trim();
  return '';
}

function headerName(text: string): string {
  return text.replace(/\s+/gu, '');
}

/** Finds the header row and maps each official column to its column number (missing ones absent). */
function findHeader(sheet: Worksheet): { row: number; columns: Map<LedgerColumn, number> } | null {
  for (let r = 1; r <= Math.min(HEADER_SEARCH_ROWS, sheet.rowCount); r++) {
    const row = sheet.getRow(r);
    const names: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      names[column] = headerName(textOf(cell.value));
    });
    if (!names.includes('排查项目') && !names.includes('对照排查发现问题') && !names.includes('对照排查发现具体问题')) continue;
    const columns = new Map<LedgerColumn, number>();
    let seenNo = false;
    names.forEach((name, column) => {
      let official: LedgerColumn | undefined = (LEDGER_COLUMNS as readonly string[]).includes(name) ? (name as LedgerColumn) : HEADER_ALIASES[name];
      if (official === '序号' && seenNo) official = '序号2';
      if (official === '序号') seenNo = true;
      if (official && !columns.has(official)) columns.set(official, column);
    });
    return { row: r, columns };
  }
  return null;
}

const MEASURES_REASONS: Record<TextRejection, string> = {
  blank: '整改措施不能为空',
  bare_phrase: '整改措施不能只写“立即整改”“加强管理”之类的空话，要写明针对这个问题的具体措施',
  too_short: '整改措施太短，要写明具体措施（至少6个有效字）',
  copies_problem: '整改措施不能照抄发现的问题',
};

const RESULT_REASONS: Record<TextRejection, string> = {
  blank: '已销号的条目整改结果不能为空',
  bare_phrase: '整改结果不能只写“已整改”“已完成”之类，要写明做了什么',
  too_short: '整改结果太短，要写明做了什么（至少6个有效字）',
  copies_problem: '整改结果不能照抄发现的问题',
};

function matchesGroup(cell: string, number: number, name: string): boolean {
  const normalised = normaliseText(cell);
  if (normalised.includes(normaliseText(name))) return true;
  const leading = /^\s*(\d+)/u.exec(cell);
  return leading !== null && Number(leading[1]) === number;
}

async function loadWorkbook(source: string | Buffer | Readable): Promise<Workbook | null> {
  const workbook = new Workbook();
  try {
    if (typeof source === 'string') await workbook.xlsx.readFile(source);
    else if (Buffer.isBuffer(source)) await workbook.xlsx.read(Readable.from([source]));
    else await workbook.xlsx.read(source);
    return workbook;
  } catch {
    return null;
  }
}

/**
 * Reads a ledger in the official layout and validates every row before returning anything: either
 * all rows are importable (`ok: true`) or none is, and every problem is listed (`ok: false`).
 * Sheets without a ledger header (e.g. a summary sheet) are skipped; rows of items without a
 * problem (problem, measures, deadline and result all blank) are not entries and are skipped.
 */
export async function importLedgerWorkbook(source: string | Buffer | Readable, options: ImportOptions): Promise<ImportResult> {
  const workbook = await loadWorkbook(source);
  if (!workbook) return { ok: false, errors: [{ sheet: '', row: 0, column: '', reason: '无法读取文件：不是有效的 .xlsx 文件' }] };

  const checklist = new Map(options.checklist.map((item) => [item.itemNo, item]));
  const algorithm = options.keyAlgorithm ?? 'sm3';
  const errors: ImportError[] = [];
  const rows: ImportRow[] = [];
  const seenKeys = new Map<string, number>();
  let ledgerSheets = 0;

  for (const sheet of workbook.worksheets) {
    const header = findHeader(sheet);
    if (!header) continue;
    ledgerSheets++;
    const missing = LEDGER_COLUMNS.filter((column) => !header.columns.has(column));
    if (missing.length > 0) {
      for (const column of missing) errors.push({ sheet: sheet.name, row: header.row, column, reason: `缺少“${column}”列` });
      continue;
    }
    const columnOf = (column: LedgerColumn): number => header.columns.get(column) ?? 0;

    for (let r = header.row + 1; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      const raw = (column: LedgerColumn): CellValue => row.getCell(columnOf(column)).value;
      const text = (column: LedgerColumn): string => textOf(raw(column));
      const fail = (column: LedgerColumn, reason: string): void => {
        errors.push({ sheet: sheet.name, row: r, column, reason });
      };

      if (headerName(text('排查项目')) === '排查项目') continue; // header repeated on a new page
      const problem = text('对照排查发现问题');
      const measures = text('整改措施');
      const deadlineCell = raw('整改时限');
      const result = text('整改结果');
      if (!problem && !measures && !textOf(deadlineCell) && !result) continue; // an item without problems

      const before = errors.length;
      const itemText = text('序号2');
      const itemNo = /^\d+$/u.test(itemText) ? Number(itemText) : null;
      const item = itemNo === null ? undefined : checklist.get(itemNo);
      if (!itemText) fail('序号2', '排查项目序号不能为空');
      else if (itemNo === null) fail('序号2', `“${itemText}”不是排查项目序号`);
      else if (!item) fail('序号2', `排查清单中没有第 ${itemNo} 项`);

      const categoryName = text('类型') || null;
      const subAreaName = text('分项') || null;
      if (item && categoryName && !matchesGroup(categoryName, item.categoryNo, item.categoryName)) {
        fail('类型', `类型“${categoryName}”与排查清单第 ${item.itemNo} 项的类型“${item.categoryName}”不一致`);
      }
      if (item && subAreaName && !matchesGroup(subAreaName, item.subAreaNo, item.subAreaName)) {
        fail('分项', `分项“${subAreaName}”与排查清单第 ${item.itemNo} 项的分项“${item.subAreaName}”不一致`);
      }
      const responsibleUnit = text('责任单位');
      if (!responsibleUnit) fail('责任单位', '责任单位不能为空');
      if (!problem) fail('对照排查发现问题', '对照排查发现问题不能为空');
      const measuresCheck = checkMeasuresText(measures, problem || undefined);
      if (!measuresCheck.ok) fail('整改措施', MEASURES_REASONS[measuresCheck.reason]);

      const deadline = parseDeadlineText(deadlineCell instanceof Date ? deadlineCell : textOf(deadlineCell), options.campaignDeadlines);
      if (!deadline.ok) fail('整改时限', deadline.reason);

      const signedOffText = headerName(text('是否销号'));
      const signedOff = signedOffText === '是';
      if (signedOffText !== '' && signedOffText !== '是' && signedOffText !== '否') fail('是否销号', `是否销号只能填“是”或“否”，不能填“${signedOffText}”`);
      if (signedOff) {
        const resultCheck = checkResultText(result);
        if (!resultCheck.ok) fail('整改结果', RESULT_REASONS[resultCheck.reason]);
      }

      const rowKey = createHash(algorithm).update(`${sheet.name}\u0000${itemNo ?? itemText}\u0000${normaliseText(problem)}`).digest('hex');
      const earlier = seenKeys.get(rowKey);
      if (problem && earlier !== undefined) fail('对照排查发现问题', `与第 ${earlier} 行的问题重复（同一排查项目下问题相同）`);
      else seenKeys.set(rowKey, r);

      if (errors.length === before && item && deadline.ok) {
        rows.push({
          sheet: sheet.name,
          row: r,
          rowKey,
          itemNo: item.itemNo,
          categoryName,
          subAreaName,
          responsibleUnit,
          problem,
          measures,
          deadline: deadline.deadline,
          extendedTo: deadline.extendedTo,
          result: result || null,
          signedOff,
        });
      }
    }
  }

  if (ledgerSheets === 0) {
    errors.push({ sheet: workbook.worksheets[0]?.name ?? '', row: 1, column: '', reason: '未找到台账表头（应有“序号”“类型”“分项”“序号2”“排查项目”等11列）' });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, rows };
}
