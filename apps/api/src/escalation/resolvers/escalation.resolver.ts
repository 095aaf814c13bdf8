import { Inject } from '@nestjs/common';
import { Args, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { type Light } from '@rectify/escalation';
import { JobName, JobQueues, manualEscalationSweepJobId } from '@rectify/jobs';
import { EscalationQueryService } from '@rectify/ledger-read-model';
import type { Principal } from '@rectify/tenancy';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { Permission } from '../../auth/permission';
import { RequirePermission } from '../../auth/permission.decorator';
import { API_CONFIG, type ApiConfig } from '../../config/api-config';
import { InputValidationError } from '../../errors/input-validation.error';
import { toLedgerEntryObject } from '../../ledger/read-model.mappers';
import { EntryLightsService } from '../entry-lights.service';
import {
  EntryLightConnectionObjectType,
  EntryLightValue,
  EscalationInboxConnectionObjectType,
  EscalationLevelFilter,
  EscalationSweepRequestObjectType,
} from '../object-types/entry-light.object-type';

/** 督办: lights of the entries in scope (derived today), the inbox of entries escalated to the caller's tenant, and an on-demand sweep. */
@Resolver()
export class EscalationResolver {
  constructor(
    @Inject(EntryLightsService) private readonly lights: EntryLightsService,
    @Inject(EscalationQueryService) private readonly escalations: EscalationQueryService,
    @Inject(JobQueues) private readonly queues: JobQueues,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  private pageSize(first: number | undefined): number {
    const size = first ?? 50;
    if (size < 1 || size > this.config.graphql.maxPageSize) throw new InputValidationError([{ field: 'first', problems: [`每页条数必须在 1 到 ${this.config.graphql.maxPageSize} 之间`] }]);
    return size;
  }

  @Query(() => EntryLightConnectionObjectType, { description: '可见范围内未销号条目的红黄绿灯（按今天 Asia/Shanghai 计算）' })
  @RequirePermission(Permission.LedgerRead)
  async entryLights(
    @CurrentPrincipal() principal: Principal,
    @Args('light', { type: () => EntryLightValue, nullable: true }) light?: EntryLightValue,
    @Args('level', { type: () => EscalationLevelFilter, nullable: true, description: '督办级别' }) level?: EscalationLevelFilter,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { nullable: true }) after?: string,
  ): Promise<EntryLightConnectionObjectType> {
    const page = await this.lights.lights(principal, { light: (light as Light | undefined) ?? null, escalationLevel: level ?? null }, { first: this.pageSize(first), after: after ?? null });
    return {
      asOf: this.lights.today(),
      nodes: page.items.map(({ row, light: l }) => ({
        entry: toLedgerEntryObject(row),
        light: l.light as EntryLightValue,
        reasonCode: l.reason.code,
        reason: l.reason.message,
        dueEffective: l.dueEffective,
        daysOverdue: l.daysOverdue,
        daysWithoutProgress: l.daysWithoutProgress,
        escalationPaused: l.escalationPaused,
        escalationsDue: l.escalationsDue,
      })),
      hasNextPage: page.hasNextPage,
      endCursor: page.endCursor,
    };
  }

  @Query(() => EscalationInboxConnectionObjectType, { description: '督办到本单位的条目（县级或市级）' })
  @RequirePermission(Permission.LedgerRead)
  async escalationInbox(
    @CurrentPrincipal() principal: Principal,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { nullable: true }) after?: string,
    @Args('openOnly', { type: () => Boolean, nullable: true, description: '只看未销号的（默认是）' }) openOnly?: boolean,
  ): Promise<EscalationInboxConnectionObjectType> {
    const page = await this.escalations.inbox(principal.tenantPath, { first: this.pageSize(first), after: after ?? null, openOnly: openOnly ?? true });
    const today = this.lights.today();
    const policies = await this.lights.policies();
    const nodes = await Promise.all(
      page.items.map(async (row) => {
        const county = row.countyEscalatedTo === principal.tenantPath;
        const light = await this.lights.lightOf(row, today, principal, policies);
        return {
          entry: toLedgerEntryObject(row),
          level: county ? 'county' : 'city',
          escalatedOn: (county ? row.countyEscalatedOn : row.cityEscalatedOn) ?? '',
          light: light.light as EntryLightValue,
        };
      }),
    );
    return { nodes, hasNextPage: page.hasNextPage, endCursor: page.endCursor };
  }

  @Mutation(() => EscalationSweepRequestObjectType, { description: '立即对本单位范围做一次督办升级扫描（后台任务；每单位每天一次）' })
  @RequirePermission(Permission.CampaignManage)
  async requestEscalationSweep(@CurrentPrincipal() principal: Principal): Promise<EscalationSweepRequestObjectType> {
    const jobId = manualEscalationSweepJobId(principal.tenantPath, this.lights.today());
    await this.queues.escalation.add(JobName.EscalationSweep, { tenant: { id: principal.tenantId, path: principal.tenantPath } }, { jobId });
    return { jobId, tenantPath: principal.tenantPath };
  }
}
