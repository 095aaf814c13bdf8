import { Inject } from '@nestjs/common';
import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import type { Principal } from '@rectify/tenancy';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { Permission } from '../../auth/permission';
import { RequirePermission } from '../../auth/permission.decorator';
import { AcceptReportInput, RequestLedgerReportInput, ReturnReportInput, SubmitReportInput } from '../inputs/report.inputs';
import { ReportPayloadObjectType } from '../object-types/report-job.object-type';
import { ReportApiCommands, type ReportWithJob } from '../report-command.service';
import { toLedgerReportObject, toReportJobObject } from '../report.mappers';
import { assertAnyPermission } from '../role-check';

/** Who may request, regenerate and submit reports: field work (townships) or campaign management (county/city offices). */
const REPORT_AUTHORS = [Permission.EntryWork, Permission.CampaignManage] as const;

function toPayload(result: ReportWithJob): ReportPayloadObjectType {
  return { report: toLedgerReportObject(result.report, result.version), replayed: result.replayed, job: result.job ? toReportJobObject(result.job) : null };
}

/** 报表：申请生成、重新生成、报送（上报）、审核通过、退回. */
@Resolver()
export class LedgerReportCommandResolver {
  constructor(@Inject(ReportApiCommands) private readonly commands: ReportApiCommands) {}

  @Mutation(() => ReportPayloadObjectType, { description: '申请生成报表（kind：整改台账 Excel，或工作报告 Excel + Word），返回报表与生成任务' })
  @RequirePermission(Permission.LedgerRead)
  async requestLedgerReport(@Args('input', { type: () => RequestLedgerReportInput }) input: RequestLedgerReportInput, @CurrentPrincipal() principal: Principal): Promise<ReportPayloadObjectType> {
    assertAnyPermission(principal, REPORT_AUTHORS);
    return toPayload(await this.commands.request(principal, input));
  }

  @Mutation(() => ReportPayloadObjectType, { description: '重新生成报表文件（退回后修改台账再生成；或生成失败后重试）' })
  @RequirePermission(Permission.LedgerRead)
  async regenerateReport(@Args('reportId', { type: () => ID }) reportId: string, @CurrentPrincipal() principal: Principal): Promise<ReportPayloadObjectType> {
    assertAnyPermission(principal, REPORT_AUTHORS);
    return toPayload(await this.commands.regenerate(principal, reportId));
  }

  @Mutation(() => ReportPayloadObjectType, { description: '报送上级：冻结当前文件（校验值），超过截止日期记为逾期' })
  @RequirePermission(Permission.LedgerRead)
  async submitReport(@Args('input', { type: () => SubmitReportInput }) input: SubmitReportInput, @CurrentPrincipal() principal: Principal): Promise<ReportPayloadObjectType> {
    assertAnyPermission(principal, REPORT_AUTHORS);
    return toPayload(await this.commands.submit(principal, input));
  }

  @Mutation(() => ReportPayloadObjectType, { description: '审核通过（上级单位审核人员）' })
  @RequirePermission(Permission.EntrySignOff)
  async acceptReport(@Args('input', { type: () => AcceptReportInput }) input: AcceptReportInput, @CurrentPrincipal() principal: Principal): Promise<ReportPayloadObjectType> {
    return toPayload(await this.commands.accept(principal, input));
  }

  @Mutation(() => ReportPayloadObjectType, { description: '退回（上级单位审核人员，须写明意见）' })
  @RequirePermission(Permission.EntrySignOff)
  async returnReport(@Args('input', { type: () => ReturnReportInput }) input: ReturnReportInput, @CurrentPrincipal() principal: Principal): Promise<ReportPayloadObjectType> {
    return toPayload(await this.commands.returnReport(principal, input));
  }
}
