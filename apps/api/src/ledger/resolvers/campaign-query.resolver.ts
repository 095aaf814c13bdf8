import { Inject } from '@nestjs/common';
import { Args, Context, ID, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { NotFoundError } from '@rectify/ledger-application';
import { CampaignQueryService } from '@rectify/ledger-read-model';
import type { Principal } from '@rectify/tenancy';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { Permission } from '../../auth/permission';
import { RequirePermission } from '../../auth/permission.decorator';
import type { ApiContext } from '../../graphql/api-context';
import { CampaignForwardObjectType, CampaignObjectType } from '../object-types/campaign.object-type';
import { toCampaignForwardObject, toCampaignObject } from '../read-model.mappers';
import { campaignLoader } from '../request-loaders';

/** 专项行动 with their forwarding lineage (city → county → township). */
@Resolver(() => CampaignObjectType)
export class CampaignQueryResolver {
  constructor(@Inject(CampaignQueryService) private readonly campaignQueries: CampaignQueryService) {}

  @Query(() => [CampaignObjectType], { description: '本单位及下级的专项行动（最新在前）' })
  @RequirePermission(Permission.LedgerRead)
  async campaigns(@CurrentPrincipal() principal: Principal): Promise<CampaignObjectType[]> {
    return (await this.campaignQueries.campaignsInScope(principal.tenantPath)).map(toCampaignObject);
  }

  @Query(() => CampaignObjectType, { description: '单个专项行动（含上级转发来的）；不可见与不存在的回答相同' })
  @RequirePermission(Permission.LedgerRead)
  async campaign(@Args('id', { type: () => ID }) id: string, @CurrentPrincipal() principal: Principal, @Context() context: ApiContext): Promise<CampaignObjectType> {
    const row = await campaignLoader(context, principal, this.campaignQueries).load(id);
    if (!row) throw new NotFoundError(`campaign-${id}`);
    return toCampaignObject(row);
  }

  @ResolveField('parent', () => CampaignObjectType, { nullable: true, description: '上级专项行动（转发来源）' })
  async parent(@Parent() campaign: CampaignObjectType, @CurrentPrincipal() principal: Principal, @Context() context: ApiContext): Promise<CampaignObjectType | null> {
    if (!campaign.parentCampaignId) return null;
    const row = await campaignLoader(context, principal, this.campaignQueries).load(campaign.parentCampaignId);
    return row ? toCampaignObject(row) : null;
  }

  @ResolveField('lineage', () => [CampaignObjectType], { description: '转发链：从最顶层到本级' })
  async lineage(@Parent() campaign: CampaignObjectType, @CurrentPrincipal() principal: Principal): Promise<CampaignObjectType[]> {
    return ((await this.campaignQueries.lineage(campaign.id, principal.tenantPath)) ?? []).map(toCampaignObject);
  }

  @ResolveField('forwards', () => [CampaignForwardObjectType], { description: '向下级的转发（仅可见范围内）' })
  async forwards(@Parent() campaign: CampaignObjectType, @CurrentPrincipal() principal: Principal): Promise<CampaignForwardObjectType[]> {
    return ((await this.campaignQueries.forwardsOf(campaign.id, principal.tenantPath)) ?? []).map(toCampaignForwardObject);
  }
}
