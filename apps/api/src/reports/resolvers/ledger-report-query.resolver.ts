import { Inject } from '@nestjs/common';
import { Args, ID, Int, Query, Resolver, Subscription } from '@nestjs/graphql';
import { TenantDirectory } from '@rectify/identity';
import { NotFoundError } from '@rectify/ledger-application';
import { ReportQueryService } from '@rectify/ledger-read-model';
import type { Principal } from '@rectify/tenancy';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { Permission } from '../../auth/permission';
import { RequirePermission } from '../../auth/permission.decorator';
import { API_CONFIG, type ApiConfig } from '../../config/api-config';
import { InputValidationError } from '../../errors/input-validation.error';
import { ReportFilterInput } from '../inputs/report.inputs';
import { ChildReportStatusObjectType, LedgerReportObjectType, type ReportStatus, ReportSummaryConnectionObjectType } from '../object-types/ledger-report.object-type';
import { ReportJobObjectType } from '../object-types/report-job.object-type';
import { ReportApiCommands } from '../report-command.service';
import { ReportJobsService } from '../report-jobs.service';
import { toLedgerReportObject, toReportJobObject, toReportSummaryObject } from '../report.mappers';

type ProgressPayload = { reportJobProgress: ReportJobObjectType };
const POLL_MS = 300;

/** 报表查询：单个报表（事件流）、列表（读模型）、生成任务与进度、下级未报送清单. */
@Resolver()
export class LedgerReportQueryResolver {
  constructor(
    @Inject(ReportApiCommands) private readonly commands: ReportApiCommands,
    @Inject(ReportJobsService) private readonly jobs: ReportJobsService,
    @Inject(ReportQueryService) private readonly reportRows: ReportQueryService,
    @Inject(TenantDirectory) private readonly directory: TenantDirectory,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  @Query(() => LedgerReportObjectType, { description: '单个报表（含全部文件与报送记录）；范围外与不存在的回答相同' })
  @RequirePermission(Permission.LedgerRead)
  async ledgerReport(@Args('reportId', { type: () => ID }) reportId: string, @CurrentPrincipal() principal: Principal): Promise<LedgerReportObjectType> {
    const { report, version } = await this.commands.load(principal, reportId);
    return toLedgerReportObject(report, version);
  }

  @Query(() => ReportSummaryConnectionObjectType, { description: '可见范围内的报表（按报表 id 游标分页）' })
  @RequirePermission(Permission.LedgerRead)
  async reports(
    @CurrentPrincipal() principal: Principal,
    @Args('filter', { type: () => ReportFilterInput, nullable: true }) filter?: ReportFilterInput,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { nullable: true }) after?: string,
  ): Promise<ReportSummaryConnectionObjectType> {
    const size = first ?? 50;
    if (size < 1 || size > this.config.graphql.maxPageSize) throw new InputValidationError([{ field: 'first', problems: [`每页条数必须在 1 到 ${this.config.graphql.maxPageSize} 之间`] }]);
    const page = await this.reportRows.list(
      principal.tenantPath,
      { campaignId: filter?.campaignId ?? null, status: filter?.status ?? null, tenantPath: filter?.tenantPath ?? null, submittedTo: filter?.submittedToMe ? principal.tenantPath : null },
      { first: size, after: after ?? null },
    );
    const edges = page.items.map((row, i) => ({ cursor: i === page.items.length - 1 ? page.endCursor : null, node: toReportSummaryObject(row) }));
    return { edges, hasNextPage: page.hasNextPage, endCursor: page.endCursor };
  }

  @Query(() => ReportJobObjectType, { description: '报表最近一次文件生成任务：状态、进度、失败原因' })
  @RequirePermission(Permission.LedgerRead)
  async reportJob(@Args('reportId', { type: () => ID }) reportId: string, @CurrentPrincipal() principal: Principal): Promise<ReportJobObjectType> {
    const { report } = await this.commands.load(principal, reportId);
    return toReportJobObject(await this.jobs.latest(report));
  }

  @Query(() => [ChildReportStatusObjectType], { description: '上级单位查看：本单位专项行动的下级单位中尚未报送（或被退回）的' })
  @RequirePermission(Permission.LedgerRead)
  async reportsNotSubmitted(@Args('campaignId', { type: () => ID }) campaignId: string, @CurrentPrincipal() principal: Principal): Promise<ChildReportStatusObjectType[]> {
    const children = await this.reportRows.childReports(principal.tenantPath, campaignId, true);
    if (children === null) throw new NotFoundError(`campaign-${campaignId}`);
    const tenants = await this.directory.findManyByPath(
      children.map((c) => c.childTenantPath),
      principal.tenantPath,
    );
    const names = new Map(tenants.map((t) => [t.path, t.name]));
    return children.map((c) => ({
      tenantPath: c.childTenantPath,
      tenantName: names.get(c.childTenantPath) ?? null,
      childCampaignId: c.childCampaignId,
      reportDueDate: c.reportDueDate,
      reportId: c.reportId,
      status: c.status as ReportStatus | null,
    }));
  }

  @Subscription(() => ReportJobObjectType, { description: '报表生成进度（变化时推送，完成或失败后结束）', resolve: (payload: ProgressPayload) => payload.reportJobProgress })
  @RequirePermission(Permission.LedgerRead)
  async reportJobProgress(@Args('reportId', { type: () => ID }) reportId: string, @CurrentPrincipal() principal: Principal): Promise<AsyncIterableIterator<ProgressPayload>> {
    // scope check up front: out of scope or missing → NOT_FOUND before anything is streamed
    await this.commands.load(principal, reportId);
    const commands = this.commands;
    const jobs = this.jobs;
    async function* progress(): AsyncGenerator<ProgressPayload> {
      let last = '';
      for (;;) {
        const { report } = await commands.load(principal, reportId);
        const job = toReportJobObject(await jobs.latest(report));
        const key = `${job.jobId}|${job.state}|${job.progress}|${job.failedReason ?? ''}`;
        if (key !== last) {
          last = key;
          yield { reportJobProgress: job };
        }
        if ((job.state === 'completed' && job.fileId !== null) || job.state === 'failed') return;
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    }
    return progress();
  }
}
