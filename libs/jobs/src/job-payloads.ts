/**
 * Job payloads. Every payload carries its tenant. The tenant is written structurally here (the
 * domain's `TenantRef` has the same shape): this library is shared by the API and the worker and
 * depends on no bounded context.
 */
export interface JobTenant {
  readonly id: string;
  readonly path: string;
}

/** `{rectify-reports}` / `ledger-report`: build generation `generation` of a report's ledger file. */
export interface LedgerReportJobData {
  readonly tenant: JobTenant;
  readonly reportId: string;
  readonly generation: number;
}

/**
 * `{rectify-reports}` / `work-report`: build generation `generation` of a work report's two files
 * (.xlsx and .docx). `asOf` is the report date (YYYY-MM-DD, Asia/Shanghai), fixed when the
 * generation is enqueued, so a retry computes the same figures. `tenantName` and `childNames`
 * (tenant path → name) label the report; a child without a name is shown by its code.
 */
export interface WorkReportJobData extends LedgerReportJobData {
  readonly asOf: string;
  readonly tenantName?: string | null;
  readonly childNames?: Readonly<Record<string, string>>;
}

/** Any job of the reports queue. */
export type ReportJobData = LedgerReportJobData | WorkReportJobData;

/**
 * `{rectify-escalation}` / `escalation-sweep`. `tenant` is the subtree to sweep; the daily schedule
 * carries null: every tenant. `cursor` is where a retried run resumes (the processor stores it per page).
 */
export interface EscalationSweepJobData {
  readonly tenant: JobTenant | null;
  readonly cursor?: string | null;
}
