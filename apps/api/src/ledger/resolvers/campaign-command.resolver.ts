import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { LedgerCommandService, deterministicUuid } from '@rectify/ledger-application';
import type { EventStore } from '@rectify/event-store-core';
import { EMPTY_OVERLAY, streamIds, type ChecklistOverlay } from '@rectify/ledger-domain';
import type { Principal } from '@rectify/tenancy';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { Permission } from '../../auth/permission';
import { RequirePermission } from '../../auth/permission.decorator';
import type { ApiContext } from '../../graphql/api-context';
import { EVENT_STORE } from '../../infrastructure/tokens';
import { toCommandPayload } from '../command-payload.mapper';
import type { ChecklistOverlayInput } from '../inputs/checklist-overlay.input';
import { CloseCampaignInput } from '../inputs/close-campaign.input';
import { DefineChecklistVersionInput } from '../inputs/define-checklist-version.input';
import { ForwardCampaignInput } from '../inputs/forward-campaign.input';
import { IssueCampaignInput } from '../inputs/issue-campaign.input';
import { ReviseChecklistInput } from '../inputs/revise-checklist.input';
import { MutationExecutor } from '../mutation-executor.service';
import { CommandPayload, DefineChecklistVersionPayload, ForwardCampaignPayload, IssueCampaignPayload } from '../object-types/command-payload.object-type';
import { TenantRefs } from '../tenant-refs.service';

function toOverlay(input: ChecklistOverlayInput | undefined): ChecklistOverlay {
  if (!input) return EMPTY_OVERLAY;
  return {
    changedItems: input.changedItems.map((c) => ({
      itemNo: c.itemNo,
      ...(c.text === undefined || c.text === null ? {} : { text: c.text }),
      ...(c.responsibleUnits === undefined || c.responsibleUnits === null ? {} : { responsibleUnits: c.responsibleUnits }),
    })),
    addedItems: input.addedItems.map((i) => ({ ...i })),
  };
}

/** 专项行动 and 清单版本: issue, define, forward, revise, close. */
@Resolver()
export class CampaignCommandResolver {
  constructor(
    @Inject(LedgerCommandService) private readonly commands: LedgerCommandService,
    @Inject(MutationExecutor) private readonly executor: MutationExecutor,
    @Inject(TenantRefs) private readonly tenants: TenantRefs,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Mutation(() => DefineChecklistVersionPayload, { description: '定义清单版本（返回新版本编号）' })
  @RequirePermission(Permission.ChecklistDefine)
  async defineChecklistVersion(
    @Args('input', { type: () => DefineChecklistVersionInput }) input: DefineChecklistVersionInput,
    @CurrentPrincipal() principal: Principal,
    @Context() context: ApiContext,
  ): Promise<DefineChecklistVersionPayload> {
    const versionId = deterministicUuid('checklist-version', principal.userId, input.idempotencyKey);
    const { result, projected } = await this.executor.run(principal, input, context, (ctx) =>
      this.commands.checklist({ type: 'DefineChecklistVersion', versionId, ...(input.label ? { label: input.label } : {}), items: input.items.map((i) => ({ ...i })) }, ctx),
    );
    return { ...toCommandPayload(result, projected), versionId };
  }

  @Mutation(() => IssueCampaignPayload, { description: '印发专项行动（返回新专项行动编号）' })
  @RequirePermission(Permission.CampaignManage)
  async issueCampaign(@Args('input', { type: () => IssueCampaignInput }) input: IssueCampaignInput, @CurrentPrincipal() principal: Principal, @Context() context: ApiContext): Promise<IssueCampaignPayload> {
    const campaignId = deterministicUuid('issued-campaign', principal.userId, input.idempotencyKey);
    const { result, projected } = await this.executor.run(principal, input, context, (ctx) =>
      this.commands.campaign(
        {
          type: 'IssueCampaign',
          campaignId,
          title: input.title,
          docNumber: input.docNumber,
          issuedOn: input.issuedOn,
          issuingTenant: this.tenants.own(principal),
          phases: input.phases.map((p) => ({ name: p.name, startDate: p.startDate ?? null, endDate: p.endDate })),
          deadlines: { immediate: input.deadlines.immediate ?? '', fixedTerm: input.deadlines.fixedTerm ?? '' },
          reportDueDate: input.reportDueDate,
          checklistVersionId: input.checklistVersionId,
        },
        ctx,
      ),
    );
    return { ...toCommandPayload(result, projected), campaignId };
  }

  @Mutation(() => ForwardCampaignPayload, { description: '转发专项行动到下级单位（返回下级专项行动与清单版本编号）' })
  @RequirePermission(Permission.CampaignManage)
  async forwardCampaign(@Args('input', { type: () => ForwardCampaignInput }) input: ForwardCampaignInput, @CurrentPrincipal() principal: Principal, @Context() context: ApiContext): Promise<ForwardCampaignPayload> {
    const childTenant = await this.tenants.byCode(input.childTenantCode, principal);
    const deadlines = {
      ...(input.deadlines?.immediate ? { immediate: input.deadlines.immediate } : {}),
      ...(input.deadlines?.fixedTerm ? { fixedTerm: input.deadlines.fixedTerm } : {}),
    };
    const { result } = await this.executor.run(principal, { ...input, waitForProjection: false }, { ...context, waitForProjection: false }, (ctx) =>
      this.commands.forwardCampaign(
        {
          type: 'ForwardCampaign',
          campaignId: input.campaignId,
          childTenant,
          overlay: toOverlay(input.overlay),
          ...(input.title ? { title: input.title } : {}),
          docNumber: input.docNumber ?? null,
          issuedOn: input.issuedOn,
          reportDueDate: input.reportDueDate,
          deadlines,
        },
        ctx,
      ),
    );
    // The child's campaign stream is written after the parent's: read-your-writes waits for it.
    const childEvents = await this.store.readStream(streamIds.campaign(result.childCampaignId), { direction: 'backwards', maxCount: 1 });
    const projected = await this.executor.waitIfAsked(input, context, childEvents[0]?.position ?? result.position);
    return { ...toCommandPayload(result, projected), childCampaignId: result.childCampaignId, childChecklistVersionId: result.childChecklistVersionId };
  }

  @Mutation(() => CommandPayload, { description: '修订专项行动的清单版本' })
  @RequirePermission(Permission.CampaignManage)
  async reviseChecklist(@Args('input', { type: () => ReviseChecklistInput }) input: ReviseChecklistInput, @CurrentPrincipal() principal: Principal, @Context() context: ApiContext): Promise<CommandPayload> {
    const { result, projected } = await this.executor.run(principal, input, context, (ctx) =>
      this.commands.campaign({ type: 'ReviseChecklist', campaignId: input.campaignId, checklistVersionId: input.checklistVersionId, reason: input.reason }, ctx),
    );
    return toCommandPayload(result, projected);
  }

  @Mutation(() => CommandPayload, { description: '结束专项行动' })
  @RequirePermission(Permission.CampaignManage)
  async closeCampaign(@Args('input', { type: () => CloseCampaignInput }) input: CloseCampaignInput, @CurrentPrincipal() principal: Principal, @Context() context: ApiContext): Promise<CommandPayload> {
    const { result, projected } = await this.executor.run(principal, input, context, (ctx) =>
      this.commands.campaign({ type: 'CloseCampaign', campaignId: input.campaignId, ...(input.summary ? { summary: input.summary } : {}) }, ctx),
    );
    return toCommandPayload(result, projected);
  }
}
