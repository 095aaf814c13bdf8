import { Inject } from '@nestjs/common';
import { Args, ID, Int, Query, Resolver } from '@nestjs/graphql';
import { TenantDirectory } from '@rectify/identity';
import { NotFoundError } from '@rectify/ledger-application';
import { CoverageQueryService, RollupQueryService } from '@rectify/ledger-read-model';
import type { Principal } from '@rectify/tenancy';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { Permission } from '../../auth/permission';
import { RequirePermission } from '../../auth/permission.decorator';
import { InspectionCoverageObjectType } from '../object-types/coverage.object-type';
import { OpenOnDateObjectType, RollupObjectType } from '../object-types/rollup.object-type';
import { toCoverageObject, toRollupObject } from '../read-model.mappers';

/** 汇总 (township / county / city), 动态清零 series and 排查覆盖 (盲区). */
@Resolver()
export class ReportQueryResolver {
  constructor(
    @Inject(RollupQueryService) private readonly rollups: RollupQueryService,
    @Inject(CoverageQueryService) private readonly coverageQueries: CoverageQueryService,
    @Inject(TenantDirectory) private readonly directory: TenantDirectory,
  ) {}

  @Query(() => RollupObjectType, { description: '某单位（默认本单位）在某专项行动转发链上的汇总' })
  @RequirePermission(Permission.LedgerRead)
  async rollup(
    @CurrentPrincipal() principal: Principal,
    @Args('campaignId', { type: () => ID }) campaignId: string,
    @Args('asOf', { description: 'YYYY-MM-DD：逾期按这一天计算' }) asOf: string,
    @Args('tenantPath', { nullable: true }) tenantPath?: string,
  ): Promise<RollupObjectType> {
    const result = await this.rollups.rollup(principal.tenantPath, { tenantPath: tenantPath ?? principal.tenantPath, campaignId, asOf });
    if (!result) throw new NotFoundError(`rollup-${campaignId}`);
    return toRollupObject(result);
  }

  @Query(() => [RollupObjectType], { description: '下一级各单位的汇总（市→各县，县→各乡镇）' })
  @RequirePermission(Permission.LedgerRead)
  async childRollups(
    @CurrentPrincipal() principal: Principal,
    @Args('campaignId', { type: () => ID }) campaignId: string,
    @Args('asOf') asOf: string,
    @Args('tenantPath', { nullable: true }) tenantPath?: string,
  ): Promise<RollupObjectType[]> {
    const children = await this.directory.childrenOf(tenantPath ?? principal.tenantPath, principal.tenantPath);
    const results = await Promise.all(children.map((child) => this.rollups.rollup(principal.tenantPath, { tenantPath: child.path, campaignId, asOf })));
    return results.flatMap((r) => (r ? [toRollupObject(r)] : []));
  }

  @Query(() => [OpenOnDateObjectType], { description: '动态清零：每日未销号条目数' })
  @RequirePermission(Permission.LedgerRead)
  async openOverTime(
    @CurrentPrincipal() principal: Principal,
    @Args('campaignId', { type: () => ID }) campaignId: string,
    @Args('from') from: string,
    @Args('to') to: string,
    @Args('tenantPath', { nullable: true }) tenantPath?: string,
  ): Promise<OpenOnDateObjectType[]> {
    const series = await this.rollups.openOverTime(principal.tenantPath, { tenantPath: tenantPath ?? principal.tenantPath, campaignId, from, to });
    if (!series) throw new NotFoundError(`rollup-${campaignId}`);
    return series;
  }

  @Query(() => InspectionCoverageObjectType, { description: '逐村逐项排查覆盖（未排查的村×项）' })
  @RequirePermission(Permission.LedgerRead)
  async coverage(
    @CurrentPrincipal() principal: Principal,
    @Args('campaignId', { type: () => ID }) campaignId: string,
    @Args('uncheckedLimit', { type: () => Int, nullable: true }) uncheckedLimit?: number,
  ): Promise<InspectionCoverageObjectType> {
    const result = await this.coverageQueries.coverage(principal.tenantPath, campaignId, { uncheckedLimit: Math.min(Math.max(uncheckedLimit ?? 100, 0), 1000) });
    if (!result) throw new NotFoundError(`coverage-${campaignId}`);
    return toCoverageObject(result);
  }
}
