import { Inject } from '@nestjs/common';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { LedgerCommandService, NotFoundError } from '@rectify/ledger-application';
import { EscalationPolicyQueryService, type EffectiveEscalationPolicy } from '@rectify/ledger-read-model';
import type { Principal } from '@rectify/tenancy';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { Permission } from '../../auth/permission';
import { RequirePermission } from '../../auth/permission.decorator';
import type { ApiContext } from '../../graphql/api-context';
import { toCommandPayload } from '../../ledger/command-payload.mapper';
import { MutationExecutor } from '../../ledger/mutation-executor.service';
import { CampaignObjectType } from '../../ledger/object-types/campaign.object-type';
import { CommandPayload } from '../../ledger/object-types/command-payload.object-type';
import { ClearEscalationPolicyInput, SetEscalationPolicyInput } from '../inputs/set-escalation-policy.input';
import { EffectiveEscalationPolicyObjectType, type EscalationPolicyOriginValue } from '../object-types/escalation-policy.object-type';

export function toEffectivePolicyObject(effective: EffectiveEscalationPolicy): EffectiveEscalationPolicyObjectType {
  return {
    campaignId: effective.campaignId,
    policy: { ...effective.policy },
    origin: effective.origin as EscalationPolicyOriginValue,
    sourceCampaignId: effective.sourceCampaignId,
    sourceTenantPath: effective.sourceTenantPath,
    reason: effective.reason,
    setAt: effective.setAt,
    setBy: effective.setBy,
  };
}

/**
 * 督办升级规则 per campaign: set or clear a campaign's own policy (whoever manages campaigns, within
 * its scope: the domain refuses a campaign outside it), and read the policy a campaign's entries are
 * judged by, with where it came from (own, inherited from the forwarding chain, or the defaults).
 */
@Resolver(() => CampaignObjectType)
export class EscalationPolicyResolver {
  constructor(
    @Inject(LedgerCommandService) private readonly commands: LedgerCommandService,
    @Inject(MutationExecutor) private readonly executor: MutationExecutor,
    @Inject(EscalationPolicyQueryService) private readonly policies: EscalationPolicyQueryService,
  ) {}

  @Mutation(() => CommandPayload, { description: '设置专项行动自己的督办升级规则（未自行设置的下级专项行动沿用它）' })
  @RequirePermission(Permission.CampaignManage)
  async setEscalationPolicy(
    @Args('input', { type: () => SetEscalationPolicyInput }) input: SetEscalationPolicyInput,
    @CurrentPrincipal() principal: Principal,
    @Context() context: ApiContext,
  ): Promise<CommandPayload> {
    const { result, projected } = await this.executor.run(principal, input, context, (ctx) =>
      this.commands.campaign({ type: 'SetEscalationPolicy', campaignId: input.campaignId, policy: { ...input.policy }, reason: input.reason }, ctx),
    );
    return toCommandPayload(result, projected);
  }

  @Mutation(() => CommandPayload, { description: '取消专项行动自己的督办升级规则，恢复沿用上级或默认规则' })
  @RequirePermission(Permission.CampaignManage)
  async clearEscalationPolicy(
    @Args('input', { type: () => ClearEscalationPolicyInput }) input: ClearEscalationPolicyInput,
    @CurrentPrincipal() principal: Principal,
    @Context() context: ApiContext,
  ): Promise<CommandPayload> {
    const { result, projected } = await this.executor.run(principal, input, context, (ctx) =>
      this.commands.campaign({ type: 'SetEscalationPolicy', campaignId: input.campaignId, policy: null, reason: input.reason }, ctx),
    );
    return toCommandPayload(result, projected);
  }

  @Query(() => EffectiveEscalationPolicyObjectType, { description: '专项行动实际适用的督办升级规则及来源；不可见与不存在的回答相同' })
  @RequirePermission(Permission.LedgerRead)
  async escalationPolicy(@Args('campaignId', { type: () => ID }) campaignId: string, @CurrentPrincipal() principal: Principal): Promise<EffectiveEscalationPolicyObjectType> {
    const effective = await this.policies.effectivePolicy(campaignId, principal.tenantPath);
    if (!effective) throw new NotFoundError(`campaign-${campaignId}`);
    return toEffectivePolicyObject(effective);
  }

  @ResolveField('escalationPolicy', () => EffectiveEscalationPolicyObjectType, { description: '实际适用的督办升级规则及来源' })
  async campaignEscalationPolicy(@Parent() campaign: CampaignObjectType, @CurrentPrincipal() principal: Principal): Promise<EffectiveEscalationPolicyObjectType> {
    const effective = await this.policies.effectivePolicy(campaign.id, principal.tenantPath);
    if (!effective) throw new NotFoundError(`campaign-${campaign.id}`);
    return toEffectivePolicyObject(effective);
  }
}
