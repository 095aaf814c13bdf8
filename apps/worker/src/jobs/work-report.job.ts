import { readFile } from 'node:fs/promises';
import { Logger } from '@nestjs/common';
import { deterministicUuid, type CommandContext, type ReportCommandService } from '@rectify/ledger-application';
import { type ReportFileFormat, type ReportFileStore, type StoredReportFile, type WorkReportJobData } from '@rectify/jobs';
import { addDays, compareCalendarDates, isCalendarDate, isDomainError, type Report } from '@rectify/ledger-domain';
import { computeWorkReportStats, writeWorkReportDocx, writeWorkReportWorkbook, type WorkReportStats } from '@rectify/reports';
import { UnrecoverableError, type Job } from 'bullmq';
import { REPORT_ACTOR_ID } from './ledger-report.job';
import { levelOfPath, type LedgerReportSource } from '../reports/ledger-report.source';
import { childLabelOf, type WorkReportSource } from '../reports/work-report.source';

export { type WorkReportJobData } from '@rectify/jobs';

/** The two files of a work report generation, in the order they are recorded (the printable one last: it is the current file). */
export const WORK_REPORT_FORMATS = ['xlsx', 'docx'] as const satisfies readonly ReportFileFormat[];
export type WorkReportFormat = (typeof WORK_REPORT_FORMATS)[number];

/** The job's data once the figures are computed: they are kept on the job, so a retry writes both files from the same figures. */
export type WorkReportJobState = WorkReportJobData & { readonly stats?: WorkReportStats };

export interface WorkReportFileResult {
  readonly format: WorkReportFormat;
  readonly fileId: string;
  readonly sizeBytes: number;
  readonly checksum: string;
  /** False when the file was already stored (a retry). */
  readonly written: boolean;
  /** False when the event was already on the stream. */
  readonly recorded: boolean;
}

export interface WorkReportJobResult {
  readonly reportId: string;
  readonly generation: number;
  readonly files: readonly WorkReportFileResult[];
}

/** The file id of one format of one generation: attempt-independent, as the ledger's. */
export function workReportFileIdOf(reportId: string, generation: number, format: WorkReportFormat): string {
  return deterministicUuid('report-file', reportId, String(generation), format);
}

/** How far back the open-count series may reach (the stats refuse longer spans). */
const MAX_SERIES_DAYS = 3660;

/**
 * Builds generation `generation` of a work report (工作开展情况报告): the figures from the read
 * model (coverage, problems, closed, overdue, recurrences by sub-area and by child, and the open
 * count per day from the campaign's issue date to `asOf`), then the .xlsx and the printable .docx
 * (with a native line chart, the .xlsx embedded as its data). Each file is stored once through
 * ReportFileStore with its SM3 and recorded once on the report's stream, xlsx first and docx
 * last. A retry reuses the figures kept on the job, the stored files and the recorded events.
 * Progress: 0–60 % reading entries, 70 % xlsx stored, 85 % docx stored, 95/100 % recorded.
 */
export class WorkReportJob {
  private readonly logger = new Logger('WorkReportJob');

  constructor(
    private readonly reports: ReportCommandService,
    private readonly ledgerSource: LedgerReportSource,
    private readonly source: WorkReportSource,
    private readonly files: ReportFileStore,
  ) {}

  async process(job: Job<WorkReportJobState>): Promise<WorkReportJobResult> {
    const { tenant, reportId, generation, asOf } = job.data;
    if (!Number.isSafeInteger(generation) || generation < 1) throw new UnrecoverableError(`generation must be a positive integer, got ${String(generation)}`);
    if (typeof asOf !== 'string' || !isCalendarDate(asOf)) throw new UnrecoverableError(`asOf must be a date (YYYY-MM-DD), got ${JSON.stringify(asOf)}`);
    const context = (format: WorkReportFormat): CommandContext => ({
      principal: { userId: REPORT_ACTOR_ID, username: REPORT_ACTOR_ID, displayName: '报表生成（系统）', tenantId: tenant.id, tenantPath: tenant.path, roles: [] },
      idempotencyKey: `report-file:${reportId}:${generation}:${format}`,
      correlationId: `report:${reportId}`,
    });
    const { state: report } = await this.reports.load(reportId, context('xlsx').principal);
    if (report.kind !== 'work') throw new UnrecoverableError(`report ${reportId} is a ${report.kind} report; this job builds work reports`);

    const ids = { xlsx: workReportFileIdOf(reportId, generation, 'xlsx'), docx: workReportFileIdOf(reportId, generation, 'docx') };
    let xlsx = await this.files.find(reportId, ids.xlsx, 'xlsx');
    let docx = await this.files.find(reportId, ids.docx, 'docx');
    const written = { xlsx: xlsx === null, docx: docx === null };
    if (xlsx === null || docx === null) {
      const stats = job.data.stats ?? (await this.computeAndKeep(job, report));
      if (xlsx === null) xlsx = await this.files.write(reportId, ids.xlsx, 'xlsx', async (path) => void (await writeWorkReportWorkbook(stats, path)));
      await job.updateProgress(70);
      const workbook = await readFile(xlsx.path);
      if (docx === null) docx = await this.files.write(reportId, ids.docx, 'docx', async (path) => void (await writeWorkReportDocx(stats, path, { embeddedWorkbook: workbook })));
      await job.updateProgress(85);
    }
    const stored = { xlsx, docx };
    const results: WorkReportFileResult[] = [];
    let current = report;
    for (const format of WORK_REPORT_FORMATS) {
      const { recorded, report: after } = await this.record(current, ids[format], format, stored[format], context(format));
      current = after;
      results.push({ format, fileId: ids[format], sizeBytes: stored[format].sizeBytes, checksum: stored[format].checksum.value, written: written[format], recorded });
      await job.updateProgress(format === 'xlsx' ? 95 : 100);
    }
    this.logger.log(
      `work report ${reportId} g${generation} as of ${asOf}: ${results.map((r) => `${r.format} ${r.sizeBytes} bytes${r.written ? '' : ' (stored)'}${r.recorded ? '' : ' (recorded)'}`).join(', ')}`,
    );
    return { reportId, generation, files: results };
  }

  /** The figures, computed once per generation and kept on the job before any file is written. */
  private async computeAndKeep(job: Job<WorkReportJobState>, report: Report): Promise<WorkReportStats> {
    const { asOf } = job.data;
    const campaign = await this.ledgerSource.campaign(report.campaignId);
    if (campaign === null) throw new Error(`campaign ${report.campaignId} is not in the read model yet`);
    const level = levelOfPath(campaign.tenantPath);
    const [checklist, children, total] = await Promise.all([
      this.ledgerSource.checklist(campaign),
      this.source.children(campaign, job.data.childNames ?? {}),
      this.source.count(campaign),
    ]);
    const coverage = await this.source.coverage(campaign, checklist, children, asOf);
    let done = 0;
    let reported = -1;
    const onRow = (): void => {
      done++;
      const percent = total === 0 ? 60 : Math.floor((done / total) * 60);
      if (percent !== reported) {
        reported = percent;
        void job.updateProgress(percent).catch(() => undefined);
      }
    };
    const earliest = addDays(asOf, -MAX_SERIES_DAYS);
    const issued = compareCalendarDates(campaign.issuedOn, asOf) > 0 ? asOf : campaign.issuedOn;
    const seriesFrom = compareCalendarDates(issued, earliest) < 0 ? earliest : issued;
    const tenantName = job.data.tenantName ?? campaign.tenantPath.slice(campaign.tenantPath.lastIndexOf('/') + 1);
    const stats = await computeWorkReportStats({
      title: `${tenantName}${campaign.title}工作开展情况报告`,
      tenantName,
      childLabel: childLabelOf(level),
      asOf,
      seriesFrom,
      checklist,
      children: children.map((c) => c.label),
      coverage,
      entries: this.source.facts(campaign, children, onRow),
    });
    await job.updateData({ ...job.data, stats });
    return stats;
  }

  /** Records one stored file once: a replay or an already-recorded equal file counts as done. */
  private async record(report: Report, fileId: string, format: WorkReportFormat, stored: StoredReportFile, context: CommandContext): Promise<{ recorded: boolean; report: Report }> {
    const known = report.files.find((f) => f.fileId === fileId);
    if (known) return { recorded: sameFile(known.checksum.value, stored, fileId), report };
    try {
      const result = await this.reports.recordFile(
        { type: 'RecordReportFile', reportId: report.reportId, fileId, checksum: stored.checksum, sizeBytes: stored.sizeBytes, format },
        context,
      );
      return { recorded: !result.replayed, report: result.state ?? report };
    } catch (error) {
      if (isDomainError(error) && error.code === 'REPORT_FILE_ALREADY_RECORDED') {
        return { recorded: sameFile(String(error.details?.['checksum'] ?? ''), stored, fileId), report };
      }
      if (isDomainError(error)) throw new UnrecoverableError(`${error.code}: ${error.message}`);
      throw error;
    }
  }
}

function sameFile(recordedChecksum: string, stored: StoredReportFile, fileId: string): false {
  if (recordedChecksum !== stored.checksum.value) {
    throw new UnrecoverableError(`file ${fileId} on disk (sm3 ${stored.checksum.value}) differs from the recorded one (${recordedChecksum})`);
  }
  return false;
}
