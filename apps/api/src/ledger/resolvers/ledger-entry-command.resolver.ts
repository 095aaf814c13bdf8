import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { LedgerCommandService, type CommandInput } from '@rectify/ledger-application';
import type { LedgerEntryCommand, RecordProblem, RectificationDeadline } from '@rectify/ledger-domain';
import type { Principal } from '@rectify/tenancy';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { Permission } from '../../auth/permission';
import { RequirePermission } from '../../auth/permission.decorator';
import type { ApiContext } from '../../graphql/api-context';
import { toCommandPayload } from '../command-payload.mapper';
import { EntryCommentInput } from '../inputs/entry-comment.input';
import type { EntryCommandInput } from '../inputs/entry-command.input';
import { EntryReasonInput } from '../inputs/entry-reason.input';
import { PlanRectificationInput } from '../inputs/plan-rectification.input';
import { DeadlineKind, type RectificationDeadlineInput } from '../inputs/rectification-deadline.input';
import { ReportProgressInput } from '../inputs/report-progress.input';
import { RequestDeadlineExtensionInput } from '../inputs/request-deadline-extension.input';
import { SubmitResultInput } from '../inputs/submit-result.input';
import { MutationExecutor } from '../mutation-executor.service';
import { CommandPayload } from '../object-types/command-payload.object-type';

type EntryCommand = CommandInput<Exclude<LedgerEntryCommand, RecordProblem>>;

function toDeadline(input: RectificationDeadlineInput): RectificationDeadline {
  if (input.kind === DeadlineKind.LONG_TERM) return { kind: 'long_term', milestones: (input.milestones ?? []).map((m) => ({ date: m.date, description: m.description })) };
  return { kind: input.kind === DeadlineKind.IMMEDIATE ? 'immediate' : 'fixed_term', date: input.date ?? '' };
}

/** The life of one ledger entry (整改台账条目), from the plan to sign-off or voiding. */
@Resolver()
export class LedgerEntryCommandResolver {
  constructor(
    @Inject(LedgerCommandService) private readonly commands: LedgerCommandService,
    @Inject(MutationExecutor) private readonly executor: MutationExecutor,
  ) {}

  private async run(input: EntryCommandInput, principal: Principal, context: ApiContext, command: EntryCommand): Promise<CommandPayload> {
    const { result, projected } = await this.executor.run(principal, input, context, (ctx) => this.commands.entry(command, ctx));
    return toCommandPayload(result, projected);
  }

  @Mutation(() => CommandPayload, { description: '制定整改措施（责任单位、责任人、整改时限）' })
  @RequirePermission(Permission.EntryWork)
  planRectification(@Args('input', { type: () => PlanRectificationInput }) input: PlanRectificationInput, @CurrentPrincipal() principal: Principal, @Context() context: ApiContext): Promise<CommandPayload> {
    return this.run(input, principal, context, {
      type: 'PlanRectification',
      entryId: input.entryId,
      measures: input.measures,
      responsibleUnit: input.responsibleUnit,
      responsiblePerson: input.responsiblePerson,
      deadline: toDeadline(input.deadline),
    });
  }

  @Mutation(() => CommandPayload, { description: '报告整改进展' })
  @RequirePermission(Permission.EntryWork)
  reportProgress(@Args('input', { type: () => ReportProgressInput }) input: ReportProgressInput, @CurrentPrincipal() principal: Principal, @Context() context: ApiContext): Promise<CommandPayload> {
    return this.run(input, principal, context, { type: 'ReportProgress', entryId: input.entryId, note: input.note, evidenceRefs: input.evidenceRefs ?? [] });
  }

  @Mutation(() => CommandPayload, { description: '提交整改结果，申请销号' })
  @RequirePermission(Permission.EntryWork)
  submitResult(@Args('input', { type: () => SubmitResultInput }) input: SubmitResultInput, @CurrentPrincipal() principal: Principal, @Context() context: ApiContext): Promise<CommandPayload> {
    return this.run(input, principal, context, { type: 'SubmitResult', entryId: input.entryId, result: input.result, evidenceRefs: input.evidenceRefs });
  }

  @Mutation(() => CommandPayload, { description: '批准销号' })
  @RequirePermission(Permission.EntrySignOff)
  approveSignOff(@Args('input', { type: () => EntryCommentInput }) input: EntryCommentInput, @CurrentPrincipal() principal: Principal, @Context() context: ApiContext): Promise<CommandPayload> {
    return this.run(input, principal, context, { type: 'ApproveSignOff', entryId: input.entryId, ...(input.comment ? { comment: input.comment } : {}) });
  }

  @Mutation(() => CommandPayload, { description: '退回整改' })
  @RequirePermission(Permission.EntrySignOff)
  rejectSignOff(@Args('input', { type: () => EntryReasonInput }) input: EntryReasonInput, @CurrentPrincipal() principal: Principal, @Context() context: ApiContext): Promise<CommandPayload> {
    return this.run(input, principal, context, { type: 'RejectSignOff', entryId: input.entryId, reason: input.reason });
  }

  @Mutation(() => CommandPayload, { description: '申请延期' })
  @RequirePermission(Permission.ExtensionRequest)
  requestDeadlineExtension(
    @Args('input', { type: () => RequestDeadlineExtensionInput }) input: RequestDeadlineExtensionInput,
    @CurrentPrincipal() principal: Principal,
    @Context() context: ApiContext,
  ): Promise<CommandPayload> {
    return this.run(input, principal, context, { type: 'RequestDeadlineExtension', entryId: input.entryId, requestedDate: input.requestedDate, reason: input.reason });
  }

  @Mutation(() => CommandPayload, { description: '批准延期' })
  @RequirePermission(Permission.ExtensionDecide)
  approveDeadlineExtension(@Args('input', { type: () => EntryCommentInput }) input: EntryCommentInput, @CurrentPrincipal() principal: Principal, @Context() context: ApiContext): Promise<CommandPayload> {
    return this.run(input, principal, context, { type: 'ApproveDeadlineExtension', entryId: input.entryId, ...(input.comment ? { comment: input.comment } : {}) });
  }

  @Mutation(() => CommandPayload, { description: '不予延期' })
  @RequirePermission(Permission.ExtensionDecide)
  rejectDeadlineExtension(@Args('input', { type: () => EntryReasonInput }) input: EntryReasonInput, @CurrentPrincipal() principal: Principal, @Context() context: ApiContext): Promise<CommandPayload> {
    return this.run(input, principal, context, { type: 'RejectDeadlineExtension', entryId: input.entryId, reason: input.reason });
  }

  @Mutation(() => CommandPayload, { description: '作废（登记错误的条目）' })
  @RequirePermission(Permission.EntryVoid)
  voidEntry(@Args('input', { type: () => EntryReasonInput }) input: EntryReasonInput, @CurrentPrincipal() principal: Principal, @Context() context: ApiContext): Promise<CommandPayload> {
    return this.run(input, principal, context, { type: 'VoidEntry', entryId: input.entryId, reason: input.reason });
  }
}
