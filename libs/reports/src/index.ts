// Ledger report (整改台账, official layout)
export { LEDGER_COLUMNS, LEDGER_COLUMN_WIDTHS, type LedgerColumn } from './ledger/ledger-layout';
export { formatDeadline, parseDeadlineText, type ParsedDeadline } from './ledger/deadline-text';
export {
  writeLedgerReport,
  writeTownshipLedger,
  writeCountyLedger,
  writeCityLedger,
  type LedgerEntryRow,
  type LedgerSheetInput,
  type LedgerReportOptions,
  type LedgerSheetSummary,
  type LedgerReportFile,
} from './ledger/ledger-report.writer';

// Work report (工作开展情况报告)
export {
  computeWorkReportStats,
  type WorkReportEntryFact,
  type WorkReportCoverage,
  type WorkReportInput,
  type WorkReportLine,
  type WorkReportStats,
} from './work-report/work-report.stats';
export { renderWorkReportHtml, renderOpenCountSvg } from './work-report/work-report.html';
export { writeWorkReportWorkbook, writeWorkReportHtml } from './work-report/work-report.writer';
export {
  renderWorkReportDocx,
  writeWorkReportDocx,
  renderOpenCountChartXml,
  workReportSummary,
  OPEN_SERIES_SHEET,
  type WorkReportDocxOptions,
} from './work-report/work-report.docx';

// Import (导入已有台账)
export { importLedgerWorkbook, type ImportRow, type ImportError, type ImportResult, type ImportOptions } from './import/ledger-import';

// Files
export { digestOf, type ReportOutput, type ChecksumAlgorithm, type FileDigest } from './shared/report-output';
export { ReportError, REPORT_ERROR_CODES, type ReportErrorCode } from './shared/report-error';
export { chineseNumeral } from './shared/chinese-numeral';
