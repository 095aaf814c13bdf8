import { Inject, Injectable } from '@nestjs/common';
import { JobName, JobQueues, ledgerReportJobId, type LedgerReportJobData } from '@rectify/jobs';
import type { Report } from '@rectify/ledger-domain';
import type { Job } from 'bullmq';

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
  /** The recorded file of this generation, once there is one. */
  readonly fileId: string | null;
}

function percentOf(progress: unknown): number {
  if (typeof progress === 'number' && Number.isFinite(progress)) return Math.max(0, Math.min(100, Math.round(progress)));
  return 0;
}

/**
 * Enqueues ledger file generations for the worker (`{rectify-reports}` / `ledger-report`, job id
 * `report-{reportId}-g{n}`: enqueueing one generation twice queues it once) and reads their state.
 * Generation n is the report's n-th file: the first after the request, the next after a return.
 */
@Injectable()
export class ReportJobsService {
  constructor(@Inject(JobQueues) private readonly queues: JobQueues) {}

  /** The generation the report needs next: one more than its files. */
  nextGeneration(report: Report): number {
    return report.files.length + 1;
  }

  async enqueue(report: Report, generation: number): Promise<ReportJobStatus> {
    const data: LedgerReportJobData = { tenant: { id: report.scope.id, path: report.scope.path }, reportId: report.reportId, generation };
    const job = await this.queues.reports.add(JobName.LedgerReport, data, { jobId: ledgerReportJobId(report.reportId, generation) });
    return this.statusOf(report, generation, job);
  }

  /**
   * The latest generation's job: the pending one when the report waits for a file, else the one
   * that made the current file (completed jobs are removed after a week: then inferred from the stream).
   */
  async latest(report: Report): Promise<ReportJobStatus> {
    const waiting = report.status === 'requested' || report.status === 'returned';
    const generation = waiting ? this.nextGeneration(report) : Math.max(1, report.files.length);
    const job = await this.queues.reports.getJob(ledgerReportJobId(report.reportId, generation));
    return this.statusOf(report, generation, job ?? null);
  }

  private async statusOf(report: Report, generation: number, job: Job | null): Promise<ReportJobStatus> {
    const file = report.files[generation - 1] ?? null;
    const jobId = ledgerReportJobId(report.reportId, generation);
    if (job === null) {
      return { jobId, reportId: report.reportId, generation, state: file ? 'completed' : 'unknown', progress: file ? 100 : 0, attemptsMade: 0, failedReason: null, fileId: file?.fileId ?? null };
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
    };
  }
}
