import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { NotFoundError, ReportCommandService, type CommandContext } from '@rectify/ledger-application';
import { DomainError, type Report, type ReportKind, type TenantRef } from '@rectify/ledger-domain';
import type { Principal } from '@rectify/tenancy';
import { TenantRefs } from '../ledger/tenant-refs.service';
import { generationsOf } from './report-generations';
import { ReportJobsService, type ReportJobStatus } from './report-jobs.service';

export interface ReportWithJob {
  readonly report: Report;
  readonly version: number;
  readonly replayed: boolean;
  readonly job: ReportJobStatus | null;
}

function contextOf(principal: Principal, idempotencyKey: string, expectedVersion?: number | null): CommandContext {
  return { principal, idempotencyKey, expectedVersion: expectedVersion ?? undefined, correlationId: randomUUID() };
}

/**
 * The API's report use cases: each runs one command of ReportCommandService (the domain decides
 * who may do what) and, for requests and regenerations, enqueues the worker's file job.
 */
@Injectable()
export class ReportApiCommands {
  constructor(
    @Inject(ReportCommandService) private readonly reports: ReportCommandService,
    @Inject(ReportJobsService) private readonly jobs: ReportJobsService,
    @Inject(TenantRefs) private readonly tenants: TenantRefs,
  ) {}

  /**
   * 申请生成台账 / 工作报告: the report of `tenantPath` (default: the caller's own tenant) for its
   * campaign, and its first file job. A retry with the same key is the same report, whatever `kind` it names.
   */
  async request(principal: Principal, input: { campaignId: string; tenantPath?: string | null; kind?: ReportKind | null; idempotencyKey: string }): Promise<ReportWithJob> {
    const scope = await this.scopeOf(principal, input.tenantPath ?? null);
    const kind = input.kind ?? 'ledger';
    const result = await this.reports.request({ type: 'RequestReport', kind, scope, campaignId: input.campaignId }, contextOf(principal, input.idempotencyKey));
    const report = result.state;
    if (report === null) throw new NotFoundError(`report-${result.reportId}`);
    // a retried request enqueues the same job id again: still one job
    const job = report.files.length === 0 ? await this.jobs.enqueue(report, 1) : await this.jobs.latest(report);
    return { report, version: result.version, replayed: result.replayed, job };
  }

  /** A new file for a returned report (or one whose file job failed for good): the next generation. */
  async regenerate(principal: Principal, reportId: string): Promise<ReportWithJob> {
    const { state: report, version } = await this.reports.load(reportId, principal);
    if (report.status === 'submitted' || report.status === 'accepted') {
      throw new DomainError('REPORT_INVALID_TRANSITION', '已报送或已审核通过的报表不能重新生成文件', { status: report.status, allowedIn: ['requested', 'file_recorded', 'returned'] });
    }
    const generation = report.status === 'requested' ? 1 : this.jobs.nextGeneration(report);
    return { report, version, replayed: false, job: await this.jobs.enqueue(report, generation) };
  }

  /** 报送: the current file, frozen, to the parent tenant; late when after the campaign's report date. */
  async submit(principal: Principal, input: { reportId: string; expectedVersion?: number | null; idempotencyKey: string }): Promise<ReportWithJob> {
    const { state: current } = await this.reports.load(input.reportId, principal);
    const file = current.files[current.files.length - 1];
    if (!file) throw new DomainError('REPORT_INVALID_TRANSITION', '报表文件尚未生成，不能报送', { status: current.status, allowedIn: ['file_recorded'] });
    // a work report's generation is its .xlsx then its .docx: submit only once the printable .docx is the current file
    if (current.kind === 'work' && !generationsOf(current).at(-1)?.complete) {
      throw new DomainError('REPORT_INVALID_TRANSITION', '工作报告文件尚未全部生成（Excel 与 Word），不能报送', { status: current.status, allowedIn: ['file_recorded'] });
    }
    const result = await this.reports.submit({ reportId: input.reportId, fileId: file.fileId }, contextOf(principal, input.idempotencyKey, input.expectedVersion));
    return this.withoutJob(result.state, result.version, result.replayed, input.reportId);
  }

  async accept(principal: Principal, input: { reportId: string; comment?: string | null; expectedVersion?: number | null; idempotencyKey: string }): Promise<ReportWithJob> {
    const result = await this.reports.accept(
      { type: 'AcceptReport', reportId: input.reportId, ...(input.comment ? { comment: input.comment } : {}) },
      contextOf(principal, input.idempotencyKey, input.expectedVersion),
    );
    return this.withoutJob(result.state, result.version, result.replayed, input.reportId);
  }

  /** 退回: the submitter regenerates a corrected file (regenerateReport) and submits again. */
  async returnReport(principal: Principal, input: { reportId: string; comments: string; expectedVersion?: number | null; idempotencyKey: string }): Promise<ReportWithJob> {
    const result = await this.reports.returnReport({ type: 'ReturnReport', reportId: input.reportId, comments: input.comments }, contextOf(principal, input.idempotencyKey, input.expectedVersion));
    return this.withoutJob(result.state, result.version, result.replayed, input.reportId);
  }

  async load(principal: Principal, reportId: string): Promise<{ report: Report; version: number }> {
    const { state, version } = await this.reports.load(reportId, principal);
    return { report: state, version };
  }

  private withoutJob(report: Report | null, version: number, replayed: boolean, reportId: string): ReportWithJob {
    if (report === null) throw new NotFoundError(`report-${reportId}`);
    return { report, version, replayed, job: null };
  }

  private async scopeOf(principal: Principal, tenantPath: string | null): Promise<TenantRef> {
    if (tenantPath === null || tenantPath === principal.tenantPath) return this.tenants.own(principal);
    const code = tenantPath.split('/').pop() ?? '';
    const tenant = await this.tenants.byCode(code, principal);
    if (tenant.path !== tenantPath) throw new NotFoundError(`tenant-${tenantPath}`);
    return tenant;
  }
}
