import { Inject, UseGuards } from '@nestjs/common';
import { Args, ID, Int, Query, Resolver } from '@nestjs/graphql';
import { NotFoundError } from '@rectify/ledger-application';
import { TimeTravelService } from '@rectify/ledger-audit';
import type { EntryStatus } from '@rectify/ledger-domain';
import type { Principal } from '@rectify/tenancy';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { Permission } from '../../auth/permission';
import { RequirePermission } from '../../auth/permission.decorator';
import { InputValidationError } from '../../errors/input-validation.error';
import { instantArg, mapAuditErrors } from '../audit-errors';
import { toEntryDiff, toEntrySnapshot, toRollupAsOf } from '../audit.mappers';
import { AuditorGuard } from '../auditor.guard';
import { EntrySnapshotConnectionObjectType, EntrySnapshotObjectType, LedgerDiffObjectType, RollupAsOfObjectType } from '../object-types/time-travel.object-type';

const ENTRY_STATUSES: readonly EntryStatus[] = ['recorded', 'planned', 'in_progress', 'submitted', 'signed_off', 'voided'];

function isEntryStatus(value: string): value is EntryStatus {
  return (ENTRY_STATUSES as readonly string[]).includes(value);
}

/** 时间回溯: the ledger as the system knew it then (events with recordedAt ≤ asOf), and what changed between two instants. */
@Resolver()
@UseGuards(AuditorGuard)
export class TimeTravelResolver {
  constructor(@Inject(TimeTravelService) private readonly timeTravel: TimeTravelService) {}

  @Query(() => EntrySnapshotObjectType, { nullable: true, description: '某一时刻的台账条目；当时尚不存在时为空；范围外与不存在的回答相同' })
  @RequirePermission(Permission.LedgerRead)
  entryAsOf(@Args('id', { type: () => ID }) id: string, @Args('asOf') asOf: string, @CurrentPrincipal() principal: Principal): Promise<EntrySnapshotObjectType | null> {
    return mapAuditErrors(async () => {
      const found = await this.timeTravel.entryAsOf(id, instantArg(asOf, 'asOf'), principal.tenantPath);
      return found ? toEntrySnapshot(found) : null;
    });
  }

  @Query(() => EntrySnapshotConnectionObjectType, { description: '某一时刻某单位（及下级）的台账（由事件重建）' })
  @RequirePermission(Permission.LedgerRead)
  ledgerAsOf(
    @Args('tenantPath') tenantPath: string,
    @Args('asOf') asOf: string,
    @CurrentPrincipal() principal: Principal,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { nullable: true }) after?: string,
    @Args('status', { type: () => [String], nullable: true }) status?: string[],
  ): Promise<EntrySnapshotConnectionObjectType> {
    return mapAuditErrors(async () => {
      const statuses = (status ?? []).map((s) => s.toLowerCase());
      const unknown = statuses.filter((s) => !isEntryStatus(s));
      if (unknown.length > 0) throw new InputValidationError([{ field: 'status', problems: [`未知的状态：${unknown.join('、')}`] }]);
      const page = await this.timeTravel.ledgerAsOf(tenantPath, instantArg(asOf, 'asOf'), principal.tenantPath, {
        first: first ?? 100,
        after: after ?? null,
        ...(statuses.length > 0 && { filter: { statuses: statuses.filter(isEntryStatus) } }),
      });
      return {
        edges: page.items.map((item, i) => ({ cursor: i === page.items.length - 1 ? page.endCursor : null, node: toEntrySnapshot(item) })),
        pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
      };
    });
  }

  @Query(() => RollupAsOfObjectType, { description: '某一时刻某单位（及下级）的汇总：各状态数、未销号、已销号、逾期、屡改屡犯、销号率' })
  @RequirePermission(Permission.LedgerRead)
  rollupAsOf(
    @Args('tenantPath') tenantPath: string,
    @Args('asOf') asOf: string,
    @CurrentPrincipal() principal: Principal,
    @Args('campaignId', { type: () => ID, nullable: true }) campaignId?: string,
  ): Promise<RollupAsOfObjectType> {
    return mapAuditErrors(async () => {
      const rollup = await this.timeTravel.rollupAsOf(tenantPath, instantArg(asOf, 'asOf'), principal.tenantPath, campaignId ? { campaignId } : {});
      if (!rollup) throw new NotFoundError(tenantPath);
      return toRollupAsOf(rollup);
    });
  }

  @Query(() => LedgerDiffObjectType, { description: '两个时刻之间某单位（及下级）台账的变化（按条目分页）' })
  @RequirePermission(Permission.LedgerRead)
  ledgerDiff(
    @Args('tenantPath') tenantPath: string,
    @Args('from') from: string,
    @Args('to') to: string,
    @CurrentPrincipal() principal: Principal,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { nullable: true }) after?: string,
  ): Promise<LedgerDiffObjectType> {
    return mapAuditErrors(async () => {
      const diff = await this.timeTravel.ledgerDiff(tenantPath, instantArg(from, 'from'), instantArg(to, 'to'), principal.tenantPath, { first: first ?? 200, after: after ?? null });
      return {
        from: diff.from,
        to: diff.to,
        added: diff.added.map(toEntryDiff),
        changed: diff.changed.map(toEntryDiff),
        closed: diff.closed.map(toEntryDiff),
        pageInfo: { hasNextPage: diff.hasNextPage, endCursor: diff.endCursor },
      };
    });
  }
}
