import { Inject, Injectable } from '@nestjs/common';
import { TenantDirectory } from '@rectify/identity';
import type { Clock } from '@rectify/ledger-application';
import { JobName, JobQueues, ledgerReportJobId, type LedgerReportJobData, type WorkReportJobData } from '@rectify/jobs';
import { shanghaiDateOf, type Report } from '@rectify/ledger-domain';
import type { Job } from 'bullmq';
import { CLOCK } from '../infrastructure/tokens';
import { generationsOf, nextGenerationOf } from './report-generations';

export type ReportJobState = 'waiting' | 'active' | 'delayed' | 'completed' | 'failed' | 'unknown';

/** A report file generation job as the API shows it (from BullMQ, or inferred from the stream). */
export interface ReportJobStatus {
  readonly jobId: string;
  readonly reportId: string;
  readonly generation: number;
  readonly state: ReportJobState;
  /** 0–100. */
  readonly progress: number;
  readonly attemptsMade: number;
  readonly failedReason: string | null;
  /** The recorded file of this generation once it is complete (a work report: its .docx). */
  readonly fileId: string | null;
  /** Every recorded file of this generation (a work report: .xlsx then .docx). */
  readonly fileIds: readonly string[];
}

function percentOf(progress: unknown): number {
  if (typeof progress === 'number' && Number.isFinite(progress)) return Math.max(0, Math.min(100, Math.round(progress)));
  return 0;
}

/**
 * Enqueues report file generations for the worker (`{rectify-reports}`: `ledger-report` or
 * `work-report` by the report's kind, job id `report-{reportId}-g{n}`: enqueueing one generation
 * twice queues it once) and reads their state. Generation n is the report's n-th set of files
 * (see report-generations.ts): the first after the request, the next after a return.
 */
@Injectable()
export class ReportJobsService {
  constructor(
    @Inject(JobQueues) private readonly queues: JobQueues,
    @Inject(TenantDirectory) private readonly directory: TenantDirectory,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The generation the report needs next: one more than its complete generations. */
  nextGeneration(report: Report): number {
    return nextGenerationOf(report);
  }

  /**
   * Queues generation `generation`; a job of that generation that failed for good is retried
   * (regenerateReport after a failure), one still waiting or running is left as it is.
   */
  async enqueue(report: Report, generation: number): Promise<ReportJobStatus> {
    const jobId = ledgerReportJobId(report.reportId, generation);
    const tenant = { id: report.scope.id, path: report.scope.path };
    const job =
      report.kind === 'work'
        ? await this.queues.reports.add(JobName.WorkReport, await this.workPayload(report, generation), { jobId })
        : await this.queues.reports.add(JobName.LedgerReport, { tenant, reportId: report.reportId, generation } satisfies LedgerReportJobData, { jobId });
    if ((await job.getState()) === 'failed') await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
    return this.statusOf(report, generation, job);
  }

  /**
   * The latest generation's job: the pending one when the report waits for a file, else the one
   * that made the current file (completed jobs are removed after a week: then inferred from the stream).
   */
  async latest(report: Report): Promise<ReportJobStatus> {
    const waiting = report.status === 'requested' || report.status === 'returned';
    const generation = waiting ? this.nextGeneration(report) : Math.max(1, generationsOf(report).length);
    const job = await this.queues.reports.getJob(ledgerReportJobId(report.reportId, generation));
    return this.statusOf(report, generation, job ?? null);
  }

  /** A work report's payload: the report date (today, Asia/Shanghai, business time) and the names of the tenant and its children. */
  private async workPayload(report: Report, generation: number): Promise<WorkReportJobData> {
    const scope = report.scope.path;
    const [self, children] = await Promise.all([this.directory.findByPath(scope, scope), this.directory.childrenOf(scope, scope)]);
    return {
      tenant: { id: report.scope.id, path: scope },
      reportId: report.reportId,
      generation,
      asOf: shanghaiDateOf(this.clock.now()),
      tenantName: self?.name ?? null,
      childNames: Object.fromEntries(children.map((child) => [child.path, child.name])),
    };
  }

  private async statusOf(report: Report, generation: number, job: Job | null): Promise<ReportJobStatus> {
    const made = generationsOf(report)[generation - 1] ?? null;
    const file = made?.mainFile ?? null;
    const fileIds = made ? made.files.map((f) => f.fileId) : [];
    const jobId = ledgerReportJobId(report.reportId, generation);
    if (job === null) {
      return { jobId, reportId: report.reportId, generation, state: file ? 'completed' : 'unknown', progress: file ? 100 : 0, attemptsMade: 0, failedReason: null, fileId: file?.fileId ?? null, fileIds };
    }
    const state = await job.getState();
    const known: ReportJobState[] = ['waiting', 'active', 'delayed', 'completed', 'failed'];
    const shown: ReportJobState = state === 'prioritized' || state === 'waiting-children' ? 'waiting' : known.includes(state as ReportJobState) ? (state as ReportJobState) : 'unknown';
    return {
      jobId,
      reportId: report.reportId,
      generation,
      state: shown,
      progress: shown === 'completed' ? 100 : percentOf(job.progress),
      attemptsMade: job.attemptsMade,
      failedReason: job.failedReason || null,
      fileId: file?.fileId ?? null,
      fileIds,
    };
  }
}
