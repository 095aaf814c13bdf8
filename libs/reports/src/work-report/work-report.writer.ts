import { stream as excelStream, type AddWorksheetOptions, type Worksheet } from 'exceljs';

const SHEET_OPTIONS: Partial<AddWorksheetOptions> = { views: [{ state: 'frozen', xSplit: 0, ySplit: 2, topLeftCell: 'A3', activeCell: 'A3' }] };
import { CENTRED_STYLE, HEADER_STYLE, TEXT_STYLE, TITLE_STYLE } from '../ledger/ledger-layout';
import { type ChecksumAlgorithm, type FileDigest, type ReportOutput, digestOf, writeWithDigest } from '../shared/report-output';
import { formatRate, renderWorkReportHtml } from './work-report.html';
import { type WorkReportLine, type WorkReportStats } from './work-report.stats';

const LINE_HEADERS = ['已排查村项', '应排查村项', '排查覆盖率', '发现问题', '已销号', '未销号', '逾期未销号', '屡改屡犯'];

function writeTable(sheet: Worksheet, title: string, headers: readonly string[], rows: readonly (string | number)[][]): void {
  sheet.columns = headers.map((_, index) => ({ width: index === 0 ? 24 : 12 }));
  const titleRow = sheet.getRow(1);
  titleRow.getCell(1).value = title;
  titleRow.getCell(1).style = TITLE_STYLE;
  sheet.mergeCells(1, 1, 1, headers.length);
  titleRow.commit();
  const header = sheet.getRow(2);
  headers.forEach((text, index) => {
    header.getCell(index + 1).value = text;
    header.getCell(index + 1).style = HEADER_STYLE;
  });
  header.commit();
  rows.forEach((values, index) => {
    const row = sheet.getRow(3 + index);
    values.forEach((value, column) => {
      row.getCell(column + 1).value = value;
      row.getCell(column + 1).style = column === 0 ? TEXT_STYLE : CENTRED_STYLE;
    });
    row.commit();
  });
}

function lineValues(line: WorkReportLine): (string | number)[] {
  return [line.label, line.checkedCells, line.expectedCells, formatRate(line.coverage), line.problems, line.closed, line.open, line.overdue, line.recurrences];
}

/** The work report's figures as .xlsx: by sub-area, by child tenant, and the open count per day. */
export function writeWorkReportWorkbook(stats: WorkReportStats, output: ReportOutput, checksum: ChecksumAlgorithm = 'sm3'): Promise<FileDigest> {
  return writeWithDigest(output, checksum, async (stream) => {
    const workbook = new excelStream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
    workbook.creator = 'Rectify';
    writeTable(
      workbook.addWorksheet('按分项', SHEET_OPTIONS),
      `${stats.title}（按分项，截至${stats.asOf}）`,
      ['分项', ...LINE_HEADERS],
      [...stats.bySubArea, stats.total].map(lineValues),
    );
    writeTable(
      workbook.addWorksheet(`按${stats.childLabel}`.slice(0, 31), SHEET_OPTIONS),
      `${stats.title}（按${stats.childLabel}，截至${stats.asOf}）`,
      [stats.childLabel, ...LINE_HEADERS],
      [...stats.byChild, stats.total].map(lineValues),
    );
    writeTable(
      workbook.addWorksheet('未销号趋势', SHEET_OPTIONS),
      `${stats.title}（未销号问题数）`,
      ['日期', '未销号问题数'],
      stats.openSeries.map((point) => [point.date, point.open]),
    );
    await workbook.commit();
  });
}

/** Writes the printable HTML work report and returns its digest. */
export async function writeWorkReportHtml(stats: WorkReportStats, output: ReportOutput, checksum: ChecksumAlgorithm = 'sm3'): Promise<FileDigest> {
  const html = renderWorkReportHtml(stats);
  const digest = await writeWithDigest(output, checksum, async (stream) => {
    await new Promise<void>((resolve, reject) => {
      stream.end(html, 'utf8', (error?: Error | null) => (error ? reject(error) : resolve()));
    });
  });
  const expected = digestOf(html, checksum);
  if (expected.checksum !== digest.checksum) throw new Error('HTML report digest mismatch');
  return digest;
}
