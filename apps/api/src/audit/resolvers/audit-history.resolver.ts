import { Inject, UseGuards } from '@nestjs/common';
import { Args, ID, Int, Query, Resolver } from '@nestjs/graphql';
import { NotFoundError } from '@rectify/ledger-application';
import { StreamHistoryService, type HistoryPage } from '@rectify/ledger-audit';
import type { Principal } from '@rectify/tenancy';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { Permission } from '../../auth/permission';
import { RequirePermission } from '../../auth/permission.decorator';
import { mapAuditErrors } from '../audit-errors';
import { toHistoryEvent } from '../audit.mappers';
import { AuditorGuard } from '../auditor.guard';
import { HistoryConnectionObjectType } from '../object-types/history.object-type';

function toConnection(page: HistoryPage | null, what: string): HistoryConnectionObjectType {
  if (!page) throw new NotFoundError(what);
  return {
    streamId: page.streamId,
    totalCount: page.totalCount,
    // The library computes the cursor of a page's last event only: earlier edges carry none.
    edges: page.items.map((item, i) => ({ cursor: i === page.items.length - 1 ? page.endCursor : null, node: toHistoryEvent(item) })),
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
  };
}

/** 历史: every event of an entry, campaign or checklist version, with who, when, why and what changed. */
@Resolver()
@UseGuards(AuditorGuard)
export class AuditHistoryResolver {
  constructor(@Inject(StreamHistoryService) private readonly history: StreamHistoryService) {}

  @Query(() => HistoryConnectionObjectType, { description: '台账条目的完整历史（审计）；范围外与不存在的回答相同' })
  @RequirePermission(Permission.LedgerRead)
  entryHistory(
    @Args('id', { type: () => ID }) id: string,
    @CurrentPrincipal() principal: Principal,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { nullable: true }) after?: string,
  ): Promise<HistoryConnectionObjectType> {
    return mapAuditErrors(async () => toConnection(await this.history.entryHistory(id, principal.tenantPath, { first, after: after ?? null }), `entry-${id}`));
  }

  @Query(() => HistoryConnectionObjectType, { description: '专项行动的完整历史（审计）：本级及下级可见上级的专项行动' })
  @RequirePermission(Permission.LedgerRead)
  campaignHistory(
    @Args('id', { type: () => ID }) id: string,
    @CurrentPrincipal() principal: Principal,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { nullable: true }) after?: string,
  ): Promise<HistoryConnectionObjectType> {
    return mapAuditErrors(async () => toConnection(await this.history.campaignHistory(id, principal.tenantPath, { first, after: after ?? null }), `campaign-${id}`));
  }

  @Query(() => HistoryConnectionObjectType, { description: '清单版本的历史（审计）' })
  @RequirePermission(Permission.LedgerRead)
  checklistHistory(
    @Args('id', { type: () => ID }) id: string,
    @CurrentPrincipal() principal: Principal,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { nullable: true }) after?: string,
  ): Promise<HistoryConnectionObjectType> {
    return mapAuditErrors(async () => toConnection(await this.history.checklistHistory(id, principal.tenantPath, { first, after: after ?? null }), `checklist-${id}`));
  }
}
