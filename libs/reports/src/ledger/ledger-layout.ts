import { type Borders, type Style } from 'exceljs';

/** The 11 columns of the official ledger (附件2 整改台账), in order. */
export const LEDGER_COLUMNS = [
  '序号',
  '类型',
  '分项',
  '序号2',
  '排查项目',
  '责任单位',
  '对照排查发现问题',
  '整改措施',
  '整改时限',
  '整改结果',
  '是否销号',
] as const;

export type LedgerColumn = (typeof LEDGER_COLUMNS)[number];

/** Column widths in characters, sized for A4 landscape like the printed ledger. */
export const LEDGER_COLUMN_WIDTHS: Readonly<Record<LedgerColumn, number>> = {
  序号: 6,
  类型: 10,
  分项: 14,
  序号2: 6,
  排查项目: 48,
  责任单位: 20,
  对照排查发现问题: 36,
  整改措施: 36,
  整改时限: 18,
  整改结果: 36,
  是否销号: 8,
};

/** 1-based column number of a ledger column. */
export function columnNumber(column: LedgerColumn): number {
  return LEDGER_COLUMNS.indexOf(column) + 1;
}

/** A1-style letter of a 1-based column number (1 → A, 11 → K). */
export function columnLetter(column: number): string {
  let n = column;
  let letters = '';
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

const thin = { style: 'thin' as const, color: { argb: 'FF000000' } };
const ALL_BORDERS: Partial<Borders> = { top: thin, left: thin, bottom: thin, right: thin };
const FONT = { name: '宋体', size: 10 };

export const TITLE_STYLE: Partial<Style> = {
  font: { name: '方正小标宋简体', size: 16, bold: true },
  alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
};

export const HEADER_STYLE: Partial<Style> = {
  font: { ...FONT, name: '黑体', bold: true },
  alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
  border: ALL_BORDERS,
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } },
};

/** Centred cells (numbers, categories, 是否销号). */
export const CENTRED_STYLE: Partial<Style> = {
  font: FONT,
  alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
  border: ALL_BORDERS,
};

/** Text cells: wrapped, top-left like the printed ledger. */
export const TEXT_STYLE: Partial<Style> = {
  font: FONT,
  alignment: { horizontal: 'left', vertical: 'middle', wrapText: true },
  border: ALL_BORDERS,
};

export const CENTRED_COLUMNS: ReadonlySet<LedgerColumn> = new Set(['序号', '类型', '分项', '序号2', '是否销号']);
