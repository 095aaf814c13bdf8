import {
  DomainError,
  decideReport,
  evolveReport,
  initialReportState,
  streamIds,
  type AcceptReport,
  type CampaignState,
  type RecordReportFile,
  type Report,
  type ReportCommand,
  type ReportEvent,
  type ReportState,
  type RequestReport,
  type ReturnReport,
  type SubmitReport,
} from '@rectify/ledger-domain';
import type { Principal } from '@rectify/tenancy';
import { campaignAggregate, type Aggregate } from './aggregates';
import { NotFoundError } from './application-errors';
import type { CommandContext, CommandExecutor, CommandResult, LoadedStream } from './command-executor';
import type { CommandInput } from './ledger-command.service';
import { deterministicUuid } from './deterministic-id';

/** The report stream (`report-{reportId}`): owned by the tenant the report covers, seen by it and above. */
export const reportAggregate: Aggregate<ReportCommand, ReportEvent, ReportState> = {
  name: 'report',
  initial: initialReportState,
  decide: decideReport,
  evolve: evolveReport,
  tenantOf: (s) => s?.scope ?? null,
  visibility: 'subtree',
};

/** The report id derives from the caller and the idempotency key: a retried request makes one report. */
export type RequestReportInput = Omit<CommandInput<RequestReport>, 'reportId'>;
/** The recipient and the due date come from the report's campaign, not from the client. */
export type SubmitReportInput = Pick<SubmitReport, 'reportId' | 'fileId'>;

/**
 * The report's command side, shared by the API (request, submit, accept, return) and the worker
 * (record the generated file). Each method runs one domain command through the executor.
 */
export class ReportCommandService {
  constructor(private readonly executor: CommandExecutor) {}

  /** Loads a report the principal may see; NOT_FOUND when it does not exist or is outside the scope. */
  async load(reportId: string, principal: Principal): Promise<LoadedStream<Report>> {
    const loaded = await this.executor.load(reportAggregate, streamIds.report(reportId), principal);
    if (loaded.state === null) throw new NotFoundError(streamIds.report(reportId));
    return { ...loaded, state: loaded.state };
  }

  /** 申请生成报表. The campaign must be the scope tenant's own (issued or received) campaign. */
  async request(input: RequestReportInput, context: CommandContext): Promise<CommandResult<ReportState> & { reportId: string }> {
    const campaign = await this.loadCampaign(input.campaignId, context.principal);
    if (campaign.tenant.path !== input.scope.path) {
      throw new DomainError('LEDGER_INVALID_INPUT', '报表所属的专项行动必须是该单位收到或印发的专项行动', {
        field: 'campaignId',
        campaignTenantPath: campaign.tenant.path,
      });
    }
    const reportId = deterministicUuid('report', context.principal.userId, context.idempotencyKey);
    const result = await this.executor.execute(
      reportAggregate,
      streamIds.report(reportId),
      (_s, metadata): RequestReport => ({ ...input, type: 'RequestReport', metadata, reportId }),
      context,
    );
    return { ...result, reportId };
  }

  /** The worker records a file it has stored durably. */
  recordFile(input: CommandInput<RecordReportFile>, context: CommandContext): Promise<CommandResult<ReportState>> {
    return this.executor.execute(reportAggregate, streamIds.report(input.reportId), (_s, metadata): RecordReportFile => ({ ...input, metadata }), context);
  }

  /**
   * 报送: to the tenant the campaign was received from, due on the campaign's report date for this
   * level (`reportDueDate` of the scope tenant's campaign).
   */
  async submit(input: SubmitReportInput, context: CommandContext): Promise<CommandResult<ReportState>> {
    const { state: report } = await this.load(input.reportId, context.principal);
    const campaign = await this.loadCampaign(report.campaignId, context.principal);
    if (campaign.origin.kind !== 'received') {
      throw new DomainError('REPORT_RECIPIENT_INVALID', '该专项行动由本单位印发，没有可报送的上级单位', { campaignId: campaign.campaignId });
    }
    const to = campaign.origin.parentTenant;
    return this.executor.execute(
      reportAggregate,
      streamIds.report(input.reportId),
      (_s, metadata): SubmitReport => ({ type: 'SubmitReport', metadata, reportId: input.reportId, fileId: input.fileId, to, dueDate: campaign.reportDueDate }),
      context,
    );
  }

  accept(input: CommandInput<AcceptReport>, context: CommandContext): Promise<CommandResult<ReportState>> {
    return this.executor.execute(reportAggregate, streamIds.report(input.reportId), (_s, metadata): AcceptReport => ({ ...input, metadata }), context);
  }

  /** 退回. */
  returnReport(input: CommandInput<ReturnReport>, context: CommandContext): Promise<CommandResult<ReportState>> {
    return this.executor.execute(reportAggregate, streamIds.report(input.reportId), (_s, metadata): ReturnReport => ({ ...input, metadata }), context);
  }

  private async loadCampaign(campaignId: string, principal: Principal): Promise<NonNullable<CampaignState>> {
    const { state } = await this.executor.load(campaignAggregate, streamIds.campaign(campaignId), principal);
    if (!state) throw new NotFoundError(streamIds.campaign(campaignId));
    return state;
  }
}
