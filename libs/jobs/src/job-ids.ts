/** BullMQ job ids, built in one place: a job added twice under one id is queued once. */

/**
 * The id of one generation of a report's files: `report-{reportId}-g{n}` (a ledger's .xlsx, or a
 * work report's .xlsx and .docx: a report has one kind, so one id format serves both).
 */
export function ledgerReportJobId(reportId: string, generation: number): string {
  return `report-${reportId}-g${generation}`;
}

/** Reads a ledger report job id back; null for any other id. */
export function parseLedgerReportJobId(jobId: string): { reportId: string; generation: number } | null {
  const match = /^report-(.+)-g([1-9][0-9]*)$/.exec(jobId);
  return match ? { reportId: match[1], generation: Number(match[2]) } : null;
}

/**
 * The id of a sweep someone asked for (not the schedule): one per subtree and day, so asking twice
 * on one day queues one sweep. BullMQ refuses `:` in custom ids, and the path's `/` become `.`.
 */
export function manualEscalationSweepJobId(tenantPath: string | null, day: string): string {
  return `sweep-${tenantPath === null ? 'all' : tenantPath.replace(/\//g, '.')}-${day}`;
}
