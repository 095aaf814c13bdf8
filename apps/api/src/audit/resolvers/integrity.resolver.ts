import type { KeyObject } from 'node:crypto';
import { Inject, UseGuards } from '@nestjs/common';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { validateStreamId } from '@rectify/event-store-core';
import { AnchorService, ChainVerifier, EventExporter, type VerificationResult } from '@rectify/event-store-postgres';
import { NotFoundError } from '@rectify/ledger-application';
import { EventLogQuery, isVisibleTo } from '@rectify/ledger-audit';
import { Role, hasRole, isTenantPath, isWithinScope, type Principal } from '@rectify/tenancy';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { Permission } from '../../auth/permission';
import { RequirePermission } from '../../auth/permission.decorator';
import { ApiErrorCode } from '../../errors/api-error-code';
import { InputValidationError } from '../../errors/input-validation.error';
import { apiError } from '../../errors/to-graphql-error';
import { instantArg } from '../audit-errors';
import { AUDIT_ANCHOR_PUBLIC_KEY, AUDIT_EXPORT_LIMIT } from '../audit.tokens';
import { AuditorGuard } from '../auditor.guard';
import { AnchorVerificationObjectType, ChainVerificationObjectType, EventExportObjectType, VerifyScope } from '../object-types/integrity.object-type';

function tenantPathArg(value: string, field: string): string {
  if (!isTenantPath(value)) throw new InputValidationError([{ field, problems: ['不是有效的单位路径，如 411000/411081'] }]);
  return value;
}

function toChainVerification(r: VerificationResult): ChainVerificationObjectType {
  return { ok: r.ok, streamsChecked: r.streamsChecked, eventsChecked: r.eventsChecked, firstBreak: r.firstBreak ? { ...r.firstBreak } : null, breaks: r.breaks.map((b) => ({ ...b })) };
}

/**
 * 防篡改校验: the SM3 hash chain (ChainVerifier), the daily anchors (AnchorService) and a small NDJSON
 * export (EventExporter) — the event store's own tools, within the caller's scope.
 */
@Resolver()
@UseGuards(AuditorGuard)
export class IntegrityResolver {
  constructor(
    @Inject(ChainVerifier) private readonly verifier: ChainVerifier,
    @Inject(AnchorService) private readonly anchors: AnchorService,
    @Inject(EventExporter) private readonly exporter: EventExporter,
    @Inject(EventLogQuery) private readonly log: EventLogQuery,
    @Inject(AUDIT_ANCHOR_PUBLIC_KEY) private readonly anchorKey: KeyObject | null,
    @Inject(AUDIT_EXPORT_LIMIT) private readonly exportLimit: number,
  ) {}

  @Query(() => ChainVerificationObjectType, { description: '重算哈希链：一个流、一个单位及下级，或全部（仅平台管理员）' })
  @RequirePermission(Permission.LedgerRead)
  async verifyChain(
    @Args('scope', { type: () => VerifyScope }) scope: VerifyScope,
    @CurrentPrincipal() principal: Principal,
    @Args('id', { nullable: true }) id?: string,
  ): Promise<ChainVerificationObjectType> {
    switch (scope) {
      case VerifyScope.ALL:
        if (!hasRole(principal, Role.PlatformAdmin)) throw apiError(ApiErrorCode.Forbidden);
        return toChainVerification(await this.verifier.verify({}));
      case VerifyScope.TENANT: {
        const tenantPath = tenantPathArg(id ?? '', 'id');
        if (!isWithinScope(tenantPath, principal.tenantPath)) throw new NotFoundError(tenantPath);
        return toChainVerification(await this.verifier.verify({ tenantPath }));
      }
      case VerifyScope.STREAM: {
        const streamId = id ?? '';
        try {
          validateStreamId(streamId);
        } catch {
          throw new InputValidationError([{ field: 'id', problems: ['不是有效的流标识'] }]);
        }
        const [first] = await this.log.stream(streamId);
        // Campaigns and checklist versions are also visible below their owner, entries only in its subtree.
        const visibility = /^(campaign|checklist)-/.test(streamId) ? 'subtree_and_ancestors' : 'subtree';
        if (first && !isVisibleTo(visibility, first.tenantPath, principal.tenantPath)) throw new NotFoundError(streamId);
        // A stream with no events left but a head row (a deleted tail) is verified too, but only by a platform admin.
        if (!first && !hasRole(principal, Role.PlatformAdmin)) throw new NotFoundError(streamId);
        return toChainVerification(await this.verifier.verify({ streamId }));
      }
    }
  }

  @Query(() => AnchorVerificationObjectType, { description: '按当前日志重算本单位每日锚点并校验链接与签名' })
  @RequirePermission(Permission.LedgerRead)
  async verifyAnchors(@Args('tenantPath') tenantPath: string, @CurrentPrincipal() principal: Principal): Promise<AnchorVerificationObjectType> {
    const path = tenantPathArg(tenantPath, 'tenantPath');
    if (!isWithinScope(path, principal.tenantPath)) throw new NotFoundError(path);
    const check = await this.anchors.verify(path, this.anchorKey);
    return {
      ok: check.ok,
      anchorsChecked: check.anchorsChecked,
      signaturesChecked: this.anchorKey !== null,
      problemDay: check.firstProblem?.day ?? null,
      problem: check.firstProblem?.reason ?? null,
    };
  }

  @Query(() => EventExportObjectType, { description: '导出小范围事件（NDJSON，可由第三方复核）；超过上限请用 npm run audit -- export' })
  @RequirePermission(Permission.LedgerRead)
  async exportEvents(
    @Args('tenantPath') tenantPath: string,
    @CurrentPrincipal() principal: Principal,
    @Args('from', { nullable: true }) from?: string,
    @Args('to', { nullable: true }) to?: string,
  ): Promise<EventExportObjectType> {
    const path = tenantPathArg(tenantPath, 'tenantPath');
    if (!isWithinScope(path, principal.tenantPath)) throw new NotFoundError(path);
    const lines: string[] = [];
    for await (const line of this.exporter.lines({
      tenantPath: path,
      ...(from !== undefined && { from: instantArg(from, 'from') }),
      ...(to !== undefined && { to: instantArg(to, 'to') }),
      pageSize: 1_000,
    })) {
      lines.push(line);
      // header + events + footer
      if (lines.length > this.exportLimit + 2) {
        throw new InputValidationError([{ field: 'tenantPath', problems: [`超过 ${this.exportLimit} 个事件：请缩小范围，或用 npm run audit -- export 导出`] }]);
      }
    }
    return { events: Math.max(0, lines.length - 2), ndjson: `${lines.join('\n')}\n` };
  }
}
