import { addDays, compareCalendarDates, daysBetween, isCalendarDate, type ChecklistItem } from '@rectify/ledger-domain';
import { ReportError } from '../shared/report-error';

/** One ledger entry as the work report counts it (dates are Asia/Shanghai calendar dates). */
export type WorkReportEntryFact = {
  /** The child tenant the entry belongs to (a township in a county report, a county in a city report). */
  child: string;
  itemNo: number;
  recordedOn: string;
  signedOffOn: string | null;
  /** Voided entries (recorded in error) are left out of every figure. */
  voidedOn: string | null;
  /** The effective due date, or null before planning. */
  dueDate: string | null;
  /** 屡改屡犯: the entry is a recurrence of an earlier signed-off one. */
  recurrence: boolean;
};

/** Inspection coverage of one child × sub-area: checked village × item cells out of the expected ones. */
export type WorkReportCoverage = { child: string; subAreaNo: number; checkedCells: number; expectedCells: number };

export type WorkReportInput = {
  title: string;
  /** The reporting tenant, e.g. 禹州市. */
  tenantName: string;
  /** Label of the child level: 乡镇（街道） or 县（市、区）. */
  childLabel: string;
  /** The report date: figures are as of the end of this day. */
  asOf: string;
  /** First day of the open-count series (e.g. the start of 全面排查). */
  seriesFrom: string;
  checklist: readonly ChecklistItem[];
  /** Every child, so that one without problems still gets its line. */
  children: readonly string[];
  coverage: readonly WorkReportCoverage[];
  entries: AsyncIterable<WorkReportEntryFact>;
};

/** One line of a statistics table. */
export type WorkReportLine = {
  key: string;
  label: string;
  checkedCells: number;
  expectedCells: number;
  /** checked / expected, 0…1, or null when nothing was expected. */
  coverage: number | null;
  problems: number;
  closed: number;
  open: number;
  overdue: number;
  recurrences: number;
};

export type WorkReportStats = {
  title: string;
  tenantName: string;
  childLabel: string;
  asOf: string;
  bySubArea: WorkReportLine[];
  byChild: WorkReportLine[];
  total: WorkReportLine;
  /** Open (recorded, not signed off) entries at the end of each day from seriesFrom to asOf. */
  openSeries: { date: string; open: number }[];
};

const MAX_SERIES_DAYS = 3660;

function emptyLine(key: string, label: string): WorkReportLine {
  return { key, label, checkedCells: 0, expectedCells: 0, coverage: null, problems: 0, closed: 0, open: 0, overdue: 0, recurrences: 0 };
}

function finish(line: WorkReportLine): WorkReportLine {
  return { ...line, coverage: line.expectedCells === 0 ? null : line.checkedCells / line.expectedCells };
}

/**
 * The figures of a work report (工作开展情况报告), in one pass over the entries: per sub-area and per
 * child tenant — coverage, problems, closed (signed off), open, overdue, recurrences — and the open
 * count per day. Memory is bounded by sub-areas, children and days, not by entries.
 */
export async function computeWorkReportStats(input: WorkReportInput): Promise<WorkReportStats> {
  for (const [field, value] of [['asOf', input.asOf], ['seriesFrom', input.seriesFrom]] as const) {
    if (!isCalendarDate(value)) throw new ReportError('REPORT_INVALID_INPUT', `${field} 必须是有效的日期（YYYY-MM-DD）`, { field });
  }
  const span = daysBetween(input.seriesFrom, input.asOf);
  if (span < 0 || span > MAX_SERIES_DAYS) {
    throw new ReportError('REPORT_INVALID_INPUT', `统计区间 ${input.seriesFrom} 至 ${input.asOf} 无效（最长 ${MAX_SERIES_DAYS} 天）`);
  }

  const items = new Map(input.checklist.map((item) => [item.itemNo, item]));
  const subAreas = new Map<number, WorkReportLine>();
  for (const item of [...input.checklist].sort((a, b) => a.itemNo - b.itemNo)) {
    if (!subAreas.has(item.subAreaNo)) subAreas.set(item.subAreaNo, emptyLine(String(item.subAreaNo), `${item.subAreaNo}. ${item.subAreaName}`));
  }
  const children = new Map<string, WorkReportLine>(input.children.map((child) => [child, emptyLine(child, child)]));
  const childLine = (child: string): WorkReportLine => {
    let line = children.get(child);
    if (!line) {
      line = emptyLine(child, child);
      children.set(child, line);
    }
    return line;
  };
  const total = emptyLine('total', '合计');

  for (const cell of input.coverage) {
    for (const line of [subAreas.get(cell.subAreaNo), childLine(cell.child), total]) {
      if (!line) continue;
      line.checkedCells += cell.checkedCells;
      line.expectedCells += cell.expectedCells;
    }
  }

  // Day deltas of the open count: +1 the day an entry is recorded, −1 the day it is signed off.
  const deltas = new Map<string, number>();
  let openBefore = 0;
  const bump = (date: string, by: number): void => {
    if (compareCalendarDates(date, input.asOf) > 0) return;
    if (compareCalendarDates(date, input.seriesFrom) < 0) openBefore += by;
    else deltas.set(date, (deltas.get(date) ?? 0) + by);
  };

  for await (const entry of input.entries) {
    if (compareCalendarDates(entry.recordedOn, input.asOf) > 0) continue;
    if (entry.voidedOn !== null && compareCalendarDates(entry.voidedOn, input.asOf) <= 0) continue;
    const item = items.get(entry.itemNo);
    if (!item) throw new ReportError('REPORT_UNKNOWN_ITEM', `排查清单中没有第 ${entry.itemNo} 项`, { itemNo: entry.itemNo });
    const closed = entry.signedOffOn !== null && compareCalendarDates(entry.signedOffOn, input.asOf) <= 0;
    const overdue = !closed && entry.dueDate !== null && compareCalendarDates(entry.dueDate, input.asOf) < 0;
    for (const line of [subAreas.get(item.subAreaNo), childLine(entry.child), total]) {
      if (!line) continue;
      line.problems++;
      line[closed ? 'closed' : 'open']++;
      if (overdue) line.overdue++;
      if (entry.recurrence) line.recurrences++;
    }
    bump(entry.recordedOn, 1);
    if (entry.signedOffOn !== null) bump(entry.signedOffOn, -1);
  }

  const openSeries: { date: string; open: number }[] = [];
  let open = openBefore;
  for (let day = 0; day <= span; day++) {
    const date = addDays(input.seriesFrom, day);
    open += deltas.get(date) ?? 0;
    openSeries.push({ date, open });
  }

  return {
    title: input.title,
    tenantName: input.tenantName,
    childLabel: input.childLabel,
    asOf: input.asOf,
    bySubArea: [...subAreas.values()].map(finish),
    byChild: [...children.values()].map(finish),
    total: finish(total),
    openSeries,
  };
}
