import { stream as excelStream, type AddWorksheetOptions, type Style, type Worksheet } from 'exceljs';
import { type ChecklistItem, type EntryStatus, type RectificationDeadline } from '@rectify/ledger-domain';
import { chineseNumeral } from '../shared/chinese-numeral';
import { ReportError } from '../shared/report-error';
import { type ChecksumAlgorithm, type FileDigest, type ReportOutput, writeWithDigest, yieldToIo } from '../shared/report-output';
import { formatDeadline } from './deadline-text';
import {
  CENTRED_COLUMNS,
  CENTRED_STYLE,
  HEADER_STYLE,
  LEDGER_COLUMNS,
  LEDGER_COLUMN_WIDTHS,
  TEXT_STYLE,
  TITLE_STYLE,
  columnLetter,
  columnNumber,
  type LedgerColumn,
} from './ledger-layout';

/** One ledger entry as the report shows it (a read-model row, mapped by the caller). */
export type LedgerEntryRow = {
  itemNo: number;
  /** 对照排查发现问题 (the caller may prefix the village, e.g. "【褚河村】…"). */
  problem: string;
  measures: string | null;
  /** The deadline as planned (null before planning). */
  deadline: RectificationDeadline | null;
  /** The effective due date; when an approved extension moved it, the cell says 已延期至. */
  dueDate: string | null;
  result: string | null;
  /** signed_off → 是否销号 是; voided entries are left out of the ledger. */
  status: EntryStatus;
};

/** One sheet: a township's entries (or a county's, in a city report), sorted by item number. */
export type LedgerSheetInput = { name: string; rows: AsyncIterable<LedgerEntryRow> };

export type LedgerReportOptions = {
  output: ReportOutput;
  /** The checklist version of the campaign: every item gets its rows, in item order. */
  checklist: readonly ChecklistItem[];
  /** Title row, e.g. 禹州市巩固拓展脱贫攻坚成果排查整改台账. */
  title: string;
  sheets: readonly LedgerSheetInput[];
  /** A first sheet with one line per child sheet; null for a single-township ledger. */
  summary: { sheetName: string; childLabel: string } | null;
  checksum?: ChecksumAlgorithm;
};

/** The counts of one sheet, also shown on the summary sheet. */
export type LedgerSheetSummary = {
  name: string;
  /** Worksheet rows written below the header (items without problems count one row each). */
  rows: number;
  itemsWithProblems: number;
  problems: number;
  signedOff: number;
  open: number;
};

export type LedgerReportFile = FileDigest & { sheets: LedgerSheetSummary[] };

const TITLE_ROW = 1;
const HEADER_ROW = 2;
const FIRST_DATA_ROW = 3;
const YIELD_EVERY_ROWS = 256;
const INVALID_SHEET_CHARS = /[\\/?*[\]:]/gu;

/**
 * exceljs's streaming writer can only merge cells whose rows are not committed yet, which would
 * keep a whole category (thousands of rows) in memory. A merge is only a `<mergeCell ref>` line
 * written when the sheet is committed, so the ranges are recorded on the writer's merge list
 * directly, after their rows were streamed out. Checked at run time: the spec reads merges back,
 * so an exceljs change that breaks this fails loudly instead of dropping merges.
 */
function mergeRecorder(sheet: Worksheet): (top: number, left: number, bottom: number, right: number) => void {
  const merges: unknown = Reflect.get(sheet, '_merges');
  if (!Array.isArray(merges)) throw new Error('exceljs WorksheetWriter has no merge list: check the exceljs version');
  return (top, left, bottom, right) => {
    if (bottom < top || (bottom === top && right === left)) return;
    const ref = `${columnLetter(left)}${top}:${columnLetter(right)}${bottom}`;
    merges.push({ toString: () => ref });
  };
}

function sheetNameOf(name: string, used: Set<string>): string {
  const base = name.replace(INVALID_SHEET_CHARS, '_').trim().slice(0, 31) || 'Sheet';
  let candidate = base;
  for (let n = 2; used.has(candidate); n++) candidate = `${base.slice(0, 28)}(${n})`;
  used.add(candidate);
  return candidate;
}

function styleOf(column: LedgerColumn): Partial<Style> {
  return CENTRED_COLUMNS.has(column) ? CENTRED_STYLE : TEXT_STYLE;
}

/** The streaming writer takes views and page setup only when the sheet is added. */
const SHEET_OPTIONS: Partial<AddWorksheetOptions> = {
  views: [{ state: 'frozen', xSplit: 0, ySplit: HEADER_ROW, topLeftCell: `A${FIRST_DATA_ROW}`, activeCell: `A${FIRST_DATA_ROW}` }],
  pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
};

function setUpLedgerSheet(sheet: Worksheet, title: string): void {
  sheet.columns = LEDGER_COLUMNS.map((column) => ({ key: column, width: LEDGER_COLUMN_WIDTHS[column] }));
  const titleRow = sheet.getRow(TITLE_ROW);
  titleRow.height = 36;
  titleRow.getCell(1).value = title;
  titleRow.getCell(1).style = TITLE_STYLE;
  titleRow.commit();
  const header = sheet.getRow(HEADER_ROW);
  header.height = 30;
  LEDGER_COLUMNS.forEach((column, index) => {
    const cell = header.getCell(index + 1);
    cell.value = column;
    cell.style = HEADER_STYLE;
  });
  header.commit();
}

type CellValues = Partial<Record<LedgerColumn, string | number>>;

function writeLedgerRow(sheet: Worksheet, rowNumber: number, values: CellValues): void {
  const row = sheet.getRow(rowNumber);
  LEDGER_COLUMNS.forEach((column, index) => {
    const cell = row.getCell(index + 1);
    const value = values[column];
    if (value !== undefined && value !== '') cell.value = value;
    cell.style = styleOf(column);
  });
  row.commit();
}

async function writeLedgerSheet(
  sheet: Worksheet,
  title: string,
  items: readonly ChecklistItem[],
  rows: AsyncIterable<LedgerEntryRow>,
): Promise<Omit<LedgerSheetSummary, 'name'>> {
  const merge = mergeRecorder(sheet);
  setUpLedgerSheet(sheet, title);
  merge(TITLE_ROW, 1, TITLE_ROW, LEDGER_COLUMNS.length);

  const known = new Set(items.map((item) => item.itemNo));
  const iterator = rows[Symbol.asyncIterator]();
  const next = async (): Promise<LedgerEntryRow | null> => {
    for (;;) {
      const step = await iterator.next();
      if (step.done) return null;
      if (step.value.status !== 'voided') return step.value;
    }
  };

  const counts = { rows: 0, itemsWithProblems: 0, problems: 0, signedOff: 0, open: 0 };
  let rowNumber = FIRST_DATA_ROW;
  let categoryStart = rowNumber;
  let subAreaStart = rowNumber;
  let previous: ChecklistItem | null = null;
  let pending = await next();
  const [categoryFirst, categoryLast] = [columnNumber('序号'), columnNumber('类型')];
  const subAreaColumn = columnNumber('分项');
  const [itemFirst, itemLast] = [columnNumber('序号2'), columnNumber('责任单位')];

  for (const item of items) {
    if (previous && previous.categoryNo !== item.categoryNo) {
      merge(categoryStart, categoryFirst, rowNumber - 1, categoryFirst);
      merge(categoryStart, categoryLast, rowNumber - 1, categoryLast);
      categoryStart = rowNumber;
    }
    if (previous && (previous.subAreaNo !== item.subAreaNo || previous.categoryNo !== item.categoryNo)) {
      merge(subAreaStart, subAreaColumn, rowNumber - 1, subAreaColumn);
      subAreaStart = rowNumber;
    }
    if (pending && pending.itemNo < item.itemNo) {
      throw known.has(pending.itemNo)
        ? new ReportError('REPORT_ROWS_NOT_SORTED', `台账条目必须按排查项目序号排序（第 ${pending.itemNo} 项出现在第 ${item.itemNo} 项之后）`, { itemNo: pending.itemNo })
        : new ReportError('REPORT_UNKNOWN_ITEM', `排查清单中没有第 ${pending.itemNo} 项`, { itemNo: pending.itemNo });
    }
    const itemStart = rowNumber;
    const itemCells = (): CellValues =>
      rowNumber !== itemStart
        ? {}
        : { 序号2: item.itemNo, 排查项目: item.text, 责任单位: item.responsibleUnits.join('，') };
    const groupCells = (): CellValues => ({
      ...(rowNumber === categoryStart ? { 序号: chineseNumeral(item.categoryNo), 类型: item.categoryName } : {}),
      ...(rowNumber === subAreaStart ? { 分项: `${item.subAreaNo}. ${item.subAreaName}` } : {}),
    });

    let problems = 0;
    while (pending && pending.itemNo === item.itemNo) {
      const entry = pending;
      const signedOff = entry.status === 'signed_off';
      writeLedgerRow(sheet, rowNumber, {
        ...groupCells(),
        ...itemCells(),
        对照排查发现问题: entry.problem,
        整改措施: entry.measures ?? '',
        整改时限: formatDeadline(entry.deadline, entry.dueDate),
        整改结果: entry.result ?? '',
        是否销号: signedOff ? '是' : '否',
      });
      problems++;
      counts[signedOff ? 'signedOff' : 'open']++;
      rowNumber++;
      if ((rowNumber - FIRST_DATA_ROW) % YIELD_EVERY_ROWS === 0) await yieldToIo();
      pending = await next();
    }
    if (problems === 0) {
      writeLedgerRow(sheet, rowNumber, { ...groupCells(), ...itemCells() });
      rowNumber++;
    } else {
      counts.itemsWithProblems++;
      counts.problems += problems;
      merge(itemStart, itemFirst, rowNumber - 1, itemFirst);
      for (let column = itemFirst + 1; column <= itemLast; column++) merge(itemStart, column, rowNumber - 1, column);
    }
    previous = item;
  }
  if (pending) {
    throw known.has(pending.itemNo)
      ? new ReportError('REPORT_ROWS_NOT_SORTED', `台账条目必须按排查项目序号排序（第 ${pending.itemNo} 项出现在后面）`, { itemNo: pending.itemNo })
      : new ReportError('REPORT_UNKNOWN_ITEM', `排查清单中没有第 ${pending.itemNo} 项`, { itemNo: pending.itemNo });
  }
  if (previous) {
    merge(categoryStart, categoryFirst, rowNumber - 1, categoryFirst);
    merge(categoryStart, categoryLast, rowNumber - 1, categoryLast);
    merge(subAreaStart, subAreaColumn, rowNumber - 1, subAreaColumn);
  }
  counts.rows = rowNumber - FIRST_DATA_ROW;
  return counts;
}

const SUMMARY_COLUMNS = ['序号', '名称', '有问题的排查项目数', '发现问题数', '已销号', '未销号', '销号率'] as const;

function writeSummarySheet(sheet: Worksheet, title: string, childLabel: string, sheets: readonly LedgerSheetSummary[]): void {
  const merge = mergeRecorder(sheet);
  sheet.columns = [6, 24, 18, 12, 10, 10, 10].map((width) => ({ width }));
  const titleRow = sheet.getRow(TITLE_ROW);
  titleRow.height = 36;
  titleRow.getCell(1).value = `${title}（汇总）`;
  titleRow.getCell(1).style = TITLE_STYLE;
  titleRow.commit();
  merge(TITLE_ROW, 1, TITLE_ROW, SUMMARY_COLUMNS.length);
  const header = sheet.getRow(HEADER_ROW);
  SUMMARY_COLUMNS.forEach((column, index) => {
    header.getCell(index + 1).value = column === '名称' ? childLabel : column;
    header.getCell(index + 1).style = HEADER_STYLE;
  });
  header.commit();
  const rate = (signedOff: number, problems: number): string => (problems === 0 ? '—' : `${((signedOff / problems) * 100).toFixed(1)}%`);
  const lines = sheets.map((s, index) => [index + 1, s.name, s.itemsWithProblems, s.problems, s.signedOff, s.open, rate(s.signedOff, s.problems)]);
  const sum = (key: 'itemsWithProblems' | 'problems' | 'signedOff' | 'open'): number => sheets.reduce((total, s) => total + s[key], 0);
  lines.push(['', '合计', sum('itemsWithProblems'), sum('problems'), sum('signedOff'), sum('open'), rate(sum('signedOff'), sum('problems'))]);
  lines.forEach((values, index) => {
    const row = sheet.getRow(FIRST_DATA_ROW + index);
    values.forEach((value, column) => {
      const cell = row.getCell(column + 1);
      cell.value = value;
      cell.style = column === 1 ? TEXT_STYLE : CENTRED_STYLE;
    });
    row.commit();
  });
}

/**
 * Streams a ledger workbook in the official layout: one sheet per input (rows committed as they
 * come, so memory does not grow with the number of entries), optionally a summary sheet first.
 * Resolves with the file's size, checksum and per-sheet counts once the output has flushed.
 */
export async function writeLedgerReport(options: LedgerReportOptions): Promise<LedgerReportFile> {
  const items = [...options.checklist].sort((a, b) => a.itemNo - b.itemNo);
  const summaries: LedgerSheetSummary[] = [];
  const digest = await writeWithDigest(options.output, options.checksum ?? 'sm3', async (stream) => {
    const workbook = new excelStream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
    workbook.creator = 'Rectify';
    const used = new Set<string>();
    // Added first so it is the first tab; written last (its zip entry opens on its first row).
    const summarySheet = options.summary ? workbook.addWorksheet(sheetNameOf(options.summary.sheetName, used), SHEET_OPTIONS) : null;
    for (const input of options.sheets) {
      const name = sheetNameOf(input.name, used);
      const sheet = workbook.addWorksheet(name, SHEET_OPTIONS);
      const counts = await writeLedgerSheet(sheet, `${options.title}（${input.name}）`, items, input.rows);
      sheet.commit();
      summaries.push({ name: input.name, ...counts });
    }
    if (summarySheet && options.summary) {
      writeSummarySheet(summarySheet, options.title, options.summary.childLabel, summaries);
      summarySheet.commit();
    }
    await workbook.commit();
  });
  return { ...digest, sheets: summaries };
}

type CommonOptions = Pick<LedgerReportOptions, 'output' | 'checklist' | 'title' | 'checksum'>;

/** A township's ledger (乡镇台账): one sheet, no summary. */
export function writeTownshipLedger(
  options: CommonOptions & { township: string; rows: AsyncIterable<LedgerEntryRow> },
): Promise<LedgerReportFile> {
  return writeLedgerReport({ ...options, sheets: [{ name: options.township, rows: options.rows }], summary: null });
}

/** A county's ledger (县级台账): a summary sheet, then one sheet per township. */
export function writeCountyLedger(options: CommonOptions & { townships: readonly LedgerSheetInput[] }): Promise<LedgerReportFile> {
  return writeLedgerReport({ ...options, sheets: options.townships, summary: { sheetName: '汇总', childLabel: '乡镇（街道）' } });
}

/** A city's ledger (市级台账): a summary sheet, then one sheet per county. */
export function writeCityLedger(options: CommonOptions & { counties: readonly LedgerSheetInput[] }): Promise<LedgerReportFile> {
  return writeLedgerReport({ ...options, sheets: options.counties, summary: { sheetName: '汇总', childLabel: '县（市、区）' } });
}
