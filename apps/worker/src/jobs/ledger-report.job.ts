import { Logger } from '@nestjs/common';
import { deterministicUuid, type CommandContext, type ReportCommandService } from '@rectify/ledger-application';
import { type JobTenant, type LedgerReportJobData, type ReportFileStore, type StoredReportFile } from '@rectify/jobs';
import { isDomainError, type Report } from '@rectify/ledger-domain';
import { writeLedgerReport } from '@rectify/reports';
import { UnrecoverableError, type Job } from 'bullmq';
import { levelOfPath, type LedgerReportSource } from '../reports/ledger-report.source';

/**
 * The job builds the ledger file of a requested report (`LedgerReportJobData`, @rectify/jobs).
 * `tenant` is the report's scope tenant (the job runs as its system user). `generation` numbers the
 * files of one report: 1 for the first, n + 1 after a return (退回). The file id derives from
 * (reportId, generation) only, never from the attempt, so a retried job finds the file it wrote and
 * records it once.
 */
export { ledgerReportJobId, type LedgerReportJobData } from '@rectify/jobs';

export interface LedgerReportJobResult {
  readonly reportId: string;
  readonly fileId: string;
  readonly sizeBytes: number;
  readonly checksum: string;
  /** False when the file was already there (a retry after a crash between writing and recording). */
  readonly written: boolean;
  /** False when the event was already on the stream. */
  readonly recorded: boolean;
}

export const REPORT_ACTOR_ID = 'system-report-worker';

export function reportFileIdOf(reportId: string, generation: number): string {
  return deterministicUuid('report-file', reportId, String(generation));
}

export class LedgerReportJob {
  private readonly logger = new Logger('LedgerReportJob');

  constructor(
    private readonly reports: ReportCommandService,
    private readonly source: LedgerReportSource,
    private readonly files: ReportFileStore,
  ) {}

  async process(job: Job<LedgerReportJobData>): Promise<LedgerReportJobResult> {
    const { tenant, reportId, generation } = job.data;
    if (!Number.isSafeInteger(generation) || generation < 1) throw new UnrecoverableError(`generation must be a positive integer, got ${String(generation)}`);
    const context = this.contextFor(tenant, reportId, generation);
    const { state: report } = await this.reports.load(reportId, context.principal);
    if (report.kind !== 'ledger') throw new UnrecoverableError(`report ${reportId} is a ${report.kind} report; this job builds ledgers`);
    const fileId = reportFileIdOf(reportId, generation);

    let stored = await this.files.find(reportId, fileId, 'xlsx');
    const written = stored === null;
    if (stored === null) stored = await this.build(job, report, fileId);
    await job.updateProgress(95);

    const recorded = await this.record(report, fileId, stored, context);
    await job.updateProgress(100);
    this.logger.log(`report ${reportId} g${generation}: ${stored.sizeBytes} bytes, sm3 ${stored.checksum.value}${written ? '' : ' (file already stored)'}${recorded ? '' : ' (already recorded)'}`);
    return { reportId, fileId, sizeBytes: stored.sizeBytes, checksum: stored.checksum.value, written, recorded };
  }

  private async build(job: Job<LedgerReportJobData>, report: Report, fileId: string): Promise<StoredReportFile> {
    const campaign = await this.source.campaign(report.campaignId);
    if (campaign === null) throw new Error(`campaign ${report.campaignId} is not in the read model yet`);
    const [checklist, sheets, total] = await Promise.all([this.source.checklist(campaign), this.source.sheets(campaign), this.source.count(campaign)]);
    let done = 0;
    let reported = -1;
    const onRow = (): void => {
      done++;
      const percent = total === 0 ? 90 : Math.floor((done / total) * 90);
      if (percent !== reported) {
        reported = percent;
        void job.updateProgress(percent).catch(() => undefined);
      }
    };
    const level = levelOfPath(campaign.tenantPath);
    return this.files.write(report.reportId, fileId, 'xlsx', async (path) => {
      await writeLedgerReport({
        output: path,
        checklist,
        title: `${campaign.title}整改台账`,
        sheets: sheets.map((sheet) => ({ name: sheet.name, rows: this.source.rows(campaign.rootCampaignId, sheet, onRow) })),
        summary: level === 'township' ? null : { sheetName: '汇总', childLabel: level === 'county' ? '乡镇（街道）' : '县（市、区）' },
        checksum: 'sm3',
      });
    });
  }

  /** Records the stored file once: a replay or an already-recorded equal file counts as done. */
  private async record(report: Report, fileId: string, stored: StoredReportFile, context: CommandContext): Promise<boolean> {
    const known = report.files.find((f) => f.fileId === fileId);
    if (known) return this.sameFile(known.checksum.value, stored, fileId);
    try {
      const result = await this.reports.recordFile(
        { type: 'RecordReportFile', reportId: report.reportId, fileId, checksum: stored.checksum, sizeBytes: stored.sizeBytes, format: 'xlsx' },
        context,
      );
      return !result.replayed;
    } catch (error) {
      if (isDomainError(error) && error.code === 'REPORT_FILE_ALREADY_RECORDED') {
        return this.sameFile(String(error.details?.['checksum'] ?? ''), stored, fileId);
      }
      if (isDomainError(error)) throw new UnrecoverableError(`${error.code}: ${error.message}`);
      throw error;
    }
  }

  private sameFile(recordedChecksum: string, stored: StoredReportFile, fileId: string): false {
    if (recordedChecksum !== stored.checksum.value) {
      throw new UnrecoverableError(`file ${fileId} on disk (sm3 ${stored.checksum.value}) differs from the recorded one (${recordedChecksum})`);
    }
    return false;
  }

  private contextFor(tenant: JobTenant, reportId: string, generation: number): CommandContext {
    return {
      principal: { userId: REPORT_ACTOR_ID, username: REPORT_ACTOR_ID, displayName: '报表生成（系统）', tenantId: tenant.id, tenantPath: tenant.path, roles: [] },
      idempotencyKey: `report-file:${reportId}:${generation}`,
      correlationId: `report:${reportId}`,
    };
  }
}
