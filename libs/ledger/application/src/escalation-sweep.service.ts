import { EventStoreErrorCode } from '@rectify/event-store-core';
import {
  DEFAULT_ESCALATION_POLICY,
  computeEntryLight,
  snapshotOfEntry,
  type EscalationPolicy,
} from '@rectify/escalation';
import { addDays, isDomainError, shanghaiDateOf, streamIds, type EscalationLevel, type LedgerEntry, type TenantRef } from '@rectify/ledger-domain';
import { CampaignEntity, LedgerEntryEntity } from '@rectify/ledger-read-model';
import { descendantsLikePattern, type Principal } from '@rectify/tenancy';
import type { DataSource } from 'typeorm';
import { ledgerEntryAggregate } from './aggregates';
import type { Clock } from './clock';
import type { CommandContext } from './command-executor';
import type { LedgerCommandService } from './ledger-command.service';

/** The user id escalations are appended under: with the key below, every worker writes the same event ids. */
export const ESCALATION_ACTOR_ID = 'system-escalation';

/** The idempotency key of one escalation: two workers, or a retried job, append it once. */
export function escalationKey(entryId: string, level: EscalationLevel): string {
  return `escalate:${entryId}:${level}`;
}

/** Where a campaign's escalation policy comes from (campaign events carry none yet: one policy for all). */
export interface EscalationPolicySource {
  policyFor(campaignId: string): Promise<EscalationPolicy>;
  /** A policy whose county thresholds are no larger than any campaign's: it bounds the read-model scan. */
  loosest(): Promise<EscalationPolicy>;
}

export const defaultPolicySource = (policy: EscalationPolicy = DEFAULT_ESCALATION_POLICY): EscalationPolicySource => ({
  policyFor: () => Promise.resolve(policy),
  loosest: () => Promise.resolve(policy),
});

export interface EscalationSweepOptions {
  /** Rows per keyset page of the read model (default 1000). */
  readonly pageSize?: number;
  /** Entries checked at once within a page (default 8). */
  readonly concurrency?: number;
  /** Resume after this entry id (a retried job continues where it stopped). */
  readonly after?: string | null;
  /** Only entries within this tenant path (default: all). */
  readonly scope?: string | null;
  /** Called after each page with the last entry id: the job stores it and reports progress. */
  readonly onPage?: (progress: EscalationSweepProgress) => Promise<void>;
}

export interface EscalationSweepProgress {
  readonly today: string;
  readonly cursor: string | null;
  readonly pages: number;
  readonly candidates: number;
  readonly escalated: number;
  readonly alreadyDone: number;
}

export interface EscalationSweepResult extends EscalationSweepProgress {
  /** Entries with nothing due after reading their stream. */
  readonly notDue: number;
  /** Entries skipped for a reason that a retry would not fix (e.g. no tenant for the target level). */
  readonly skipped: { entryId: string; code: string; message: string }[];
}

type Candidate = Pick<LedgerEntryEntity, 'entryId' | 'tenantPath' | 'campaignId' | 'rootCampaignId' | 'cityCode' | 'countyCode'>;

const OPEN: LedgerEntryEntity['status'][] = ['recorded', 'planned', 'in_progress', 'submitted'];
const MAX_CONFLICT_RETRIES = 3;

/**
 * 督办升级: finds, from the read model, the open entries for which an escalation may be due, reads
 * each candidate's stream, computes its light with @rectify/escalation against the clock's
 * Asia/Shanghai date, and issues `Escalate` through the ledger command service.
 *
 * - The read model is scanned in keyset pages on `entry_id`, so memory stays flat at any size.
 * - The SQL filter is a superset of what can be due: no pending extension, and overdue by the
 *   county threshold, or escalated to the county at least the city interval ago, or without
 *   activity (`last_activity_on`) for the no-progress threshold. The exact decision is still made
 *   on the folded stream (rows projected before the dates existed have null escalation dates and
 *   `last_activity_on = opened_on`, which keeps them candidates).
 * - Idempotent: the key `escalate:{entryId}:{level}` under one system user gives the same event ids
 *   everywhere (a retry is answered as a replay); a concurrent append is retried; the domain's
 *   LEDGER_ESCALATION_ALREADY_RECORDED counts as done.
 */
export class EscalationSweepService {
  private readonly targets = new Map<string, TenantRef | null>();

  constructor(
    private readonly readModel: DataSource,
    private readonly commands: LedgerCommandService,
    private readonly clock: Clock,
    private readonly policies: EscalationPolicySource = defaultPolicySource(),
  ) {}

  async sweep(options: EscalationSweepOptions = {}): Promise<EscalationSweepResult> {
    const pageSize = options.pageSize ?? 1000;
    const concurrency = options.concurrency ?? 8;
    const today = shanghaiDateOf(this.clock.now());
    const policy = await this.policies.loosest();
    let cursor = options.after ?? null;
    const totals = { pages: 0, candidates: 0, escalated: 0, alreadyDone: 0, notDue: 0 };
    const skipped: EscalationSweepResult['skipped'] = [];
    for (;;) {
      const page = await this.candidates(today, policy, cursor, pageSize, options.scope ?? null);
      if (page.length === 0) break;
      totals.pages++;
      totals.candidates += page.length;
      for (let i = 0; i < page.length; i += concurrency) {
        const outcomes = await Promise.all(page.slice(i, i + concurrency).map((row) => this.escalateIfDue(row, today)));
        for (const outcome of outcomes) {
          if (outcome.kind === 'skipped') skipped.push(outcome.skipped);
          else totals[outcome.kind]++;
        }
      }
      cursor = page[page.length - 1]?.entryId ?? cursor;
      await options.onPage?.({ today, cursor, ...totals });
      if (page.length < pageSize) break;
    }
    this.targets.clear();
    return { today, cursor, ...totals, skipped };
  }

  /** One keyset page of entries for which an escalation may be due on `today`. */
  private candidates(today: string, policy: EscalationPolicy, after: string | null, limit: number, scope: string | null): Promise<Candidate[]> {
    const qb = this.readModel
      .createQueryBuilder(LedgerEntryEntity, 'e')
      .select(['e.entryId', 'e.tenantPath', 'e.campaignId', 'e.rootCampaignId', 'e.cityCode', 'e.countyCode'])
      .where('e.status = ANY(:open)', { open: OPEN })
      .andWhere("(e.escalation_level IS NULL OR e.escalation_level = 'county')")
      .andWhere('e.pending_extension_date IS NULL')
      .andWhere(
        `(e.due_date <= :overdueSince
          OR (e.escalation_level = 'county' AND (e.county_escalated_on IS NULL OR e.county_escalated_on <= :countySince))
          OR COALESCE(e.last_activity_on, e.opened_on) <= :quietSince)`,
        {
          overdueSince: addDays(today, -policy.escalateToCountyAfterRedDays),
          countySince: addDays(today, -policy.escalateToCityAfterMoreDays),
          quietSince: addDays(today, -policy.escalateToCountyAfterNoProgressDays),
        },
      );
    if (after !== null) qb.andWhere('e.entry_id > :after', { after });
    if (scope !== null) qb.andWhere("(e.tenant_path = :scope OR e.tenant_path LIKE :scopeLike)", { scope, scopeLike: descendantsLikePattern(scope) });
    return qb.orderBy('e.entry_id', 'ASC').limit(limit).getMany();
  }

  private async escalateIfDue(
    row: Candidate,
    today: string,
  ): Promise<{ kind: 'escalated' | 'alreadyDone' | 'notDue' } | { kind: 'skipped'; skipped: EscalationSweepResult['skipped'][number] }> {
    const root = rootPrincipal(row.tenantPath);
    for (let attempt = 0; ; attempt++) {
      const { state } = await this.commands.executor.load(ledgerEntryAggregate, streamIds.entry(row.entryId), root);
      if (state === null) return { kind: 'notDue' };
      const policy = await this.policies.policyFor(state.campaignId);
      const light = computeEntryLight(snapshotOfEntry(state), today, policy);
      const level = light.escalationsDue[0];
      if (level === undefined) return { kind: 'notDue' };
      const target = await this.targetOf(row, state, level);
      if (target === null) {
        return {
          kind: 'skipped',
          skipped: { entryId: row.entryId, code: 'ESCALATION_TARGET_UNKNOWN', message: `未找到条目所属的${level === 'county' ? '县级' : '市级'}单位` },
        };
      }
      try {
        const result = await this.commands.entry(
          { type: 'Escalate', entryId: row.entryId, level, targetTenant: target, reason: light.escalationReason ?? '逾期未整改' },
          this.contextFor(target, row.entryId, level),
        );
        return { kind: result.replayed ? 'alreadyDone' : 'escalated' };
      } catch (error) {
        if (isDomainError(error) && error.code === 'LEDGER_ESCALATION_ALREADY_RECORDED') return { kind: 'alreadyDone' };
        if (isConcurrencyConflict(error) && attempt < MAX_CONFLICT_RETRIES) continue;
        if (isDomainError(error)) return { kind: 'skipped', skipped: { entryId: row.entryId, code: error.code, message: error.message } };
        throw error;
      }
    }
  }

  private contextFor(target: TenantRef, entryId: string, level: EscalationLevel): CommandContext {
    return {
      principal: {
        userId: ESCALATION_ACTOR_ID,
        username: ESCALATION_ACTOR_ID,
        displayName: '督办升级（系统）',
        tenantId: target.id,
        tenantPath: target.path,
        roles: [],
      },
      idempotencyKey: escalationKey(entryId, level),
      correlationId: `escalation-sweep:${entryId}`,
    };
  }

  /**
   * The county (or city) tenant above the entry: the path down to its code, with the tenant id the
   * read model knows for that path (the campaign of the entry's chain at that level). Cached per sweep.
   */
  private async targetOf(row: Candidate, entry: LedgerEntry, level: EscalationLevel): Promise<TenantRef | null> {
    const code = level === 'county' ? row.countyCode : row.cityCode;
    if (code === null) return null;
    const segments = entry.tenant.path.split('/');
    const index = segments.indexOf(code);
    if (index < 0 || index === segments.length - 1) return null;
    const path = segments.slice(0, index + 1).join('/');
    const cacheKey = `${row.rootCampaignId}|${path}`;
    if (!this.targets.has(cacheKey)) {
      const campaign =
        (await this.readModel.getRepository(CampaignEntity).findOne({ where: { rootCampaignId: row.rootCampaignId, tenantPath: path }, select: { tenantId: true } })) ??
        (await this.readModel.getRepository(CampaignEntity).findOne({ where: { tenantPath: path }, select: { tenantId: true } }));
      this.targets.set(cacheKey, campaign ? { id: campaign.tenantId, path } : null);
    }
    return this.targets.get(cacheKey) ?? null;
  }
}

/** A read-only principal at the root of a path, for loading a stream before the target is known. */
function rootPrincipal(path: string): Principal {
  const root = path.split('/')[0] ?? path;
  return { userId: ESCALATION_ACTOR_ID, username: ESCALATION_ACTOR_ID, displayName: '督办升级（系统）', tenantId: root, tenantPath: root, roles: [] };
}

function isConcurrencyConflict(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === EventStoreErrorCode.ConcurrencyConflict;
}
