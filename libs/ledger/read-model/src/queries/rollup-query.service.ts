import type { DataSource, EntityManager } from 'typeorm';
import { ReadModelError, ReadModelErrorCode } from '../errors';
import { schemaOfDb } from '../read-model-schema';
import { RollupDimension } from '../projections/rollup-contributions';
import { assertScope, isWithinScope } from '../tenancy/tenant-scope';

export type CountByKey = { key: string; total: number; open: number };

export interface TenantRollup {
  readonly tenantPath: string;
  readonly rootCampaignId: string;
  readonly asOf: string;
  /** Entries not voided. */
  readonly total: number;
  readonly open: number;
  /** Signed off (销号). */
  readonly closed: number;
  readonly voided: number;
  /** Open and past their due date on `asOf`. */
  readonly overdue: number;
  readonly recurrences: number;
  /** closed / total, 0 when there are no entries. */
  readonly closureRate: number;
  readonly byStatus: Record<string, number>;
  readonly byItem: CountByKey[];
  readonly bySubArea: CountByKey[];
  readonly byCategory: CountByKey[];
  readonly byDeadlineClass: Record<string, number>;
  readonly byEscalationLevel: Record<string, number>;
}

export interface RollupRequest {
  /** The tenant to roll up (any level); must lie within the caller's scope. */
  readonly tenantPath: string;
  /** Any campaign of the forwarding chain: the roll-up covers the whole chain. */
  readonly campaignId: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Longest openOverTime series (days): a wider range would build millions of rows in memory. */
export const MAX_SERIES_DAYS = 3660;

function requireDate(value: string, field: string): string {
  // the pattern alone lets 0000-00-00 and 2023-02-30 through, and they later break Date arithmetic
  const day = DATE.test(value) ? new Date(`${value}T00:00:00Z`) : null;
  if (!day || Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== value) {
    throw new ReadModelError(ReadModelErrorCode.InvalidArgument, `${field} 格式应为 YYYY-MM-DD（有效日期）`, { field });
  }
  return value;
}

/** Day after `date` (YYYY-MM-DD), in UTC arithmetic (calendar dates have no zone). */
function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** Reads the precomputed counters of one tenant: a handful of rows, whatever the tenant's level. */
export class RollupQueryService {
  constructor(private readonly db: DataSource | EntityManager) {}

  async rollup(scope: string, request: RollupRequest & { asOf: string }): Promise<TenantRollup | null> {
    const asOf = requireDate(request.asOf, 'asOf');
    const target = this.target(scope, request);
    if (target === null) return null;
    const { rootCampaignId, counters: rows } = await this.counters(target, [
      RollupDimension.Entries,
      RollupDimension.Status,
      RollupDimension.Open,
      RollupDimension.Closed,
      RollupDimension.Item,
      RollupDimension.ItemOpen,
      RollupDimension.SubArea,
      RollupDimension.SubAreaOpen,
      RollupDimension.Category,
      RollupDimension.CategoryOpen,
      RollupDimension.DeadlineClass,
      RollupDimension.Recurrence,
      RollupDimension.Escalation,
      RollupDimension.OpenDue,
    ]);
    const get = (dimension: string, key = ''): number => rows.get(dimension)?.get(key) ?? 0;
    const record = (dimension: string): Record<string, number> => Object.fromEntries(rows.get(dimension) ?? []);
    const byKey = (totalDim: string, openDim: string): CountByKey[] =>
      [...(rows.get(totalDim) ?? new Map<string, number>()).entries()]
        .filter(([, total]) => total !== 0)
        .map(([key, total]) => ({ key, total, open: get(openDim, key) }))
        .sort((a, b) => Number(a.key) - Number(b.key));
    let overdue = 0;
    for (const [due, count] of rows.get(RollupDimension.OpenDue) ?? []) if (due < asOf) overdue += count;
    const total = get(RollupDimension.Entries);
    const closed = get(RollupDimension.Closed);
    return {
      tenantPath: target.tenantPath,
      rootCampaignId,
      asOf,
      total,
      open: get(RollupDimension.Open),
      closed,
      voided: get(RollupDimension.Status, 'voided'),
      overdue,
      recurrences: get(RollupDimension.Recurrence),
      closureRate: total === 0 ? 0 : closed / total,
      byStatus: record(RollupDimension.Status),
      byItem: byKey(RollupDimension.Item, RollupDimension.ItemOpen),
      bySubArea: byKey(RollupDimension.SubArea, RollupDimension.SubAreaOpen),
      byCategory: byKey(RollupDimension.Category, RollupDimension.CategoryOpen),
      byDeadlineClass: record(RollupDimension.DeadlineClass),
      byEscalationLevel: record(RollupDimension.Escalation),
    };
  }

  /** 动态清零: how many entries were open at the end of each day from `from` to `to` (inclusive). */
  async openOverTime(scope: string, request: RollupRequest & { from: string; to: string }): Promise<{ date: string; open: number }[] | null> {
    const from = requireDate(request.from, 'from');
    const to = requireDate(request.to, 'to');
    if (to < from) throw new ReadModelError(ReadModelErrorCode.InvalidArgument, '结束日期早于开始日期', { field: 'to' });
    if ((Date.parse(to) - Date.parse(from)) / 86_400_000 >= MAX_SERIES_DAYS) {
      throw new ReadModelError(ReadModelErrorCode.InvalidArgument, `日期范围最多 ${MAX_SERIES_DAYS} 天`, { field: 'to' });
    }
    const target = this.target(scope, request);
    if (target === null) return null;
    const { counters: rows } = await this.counters(target, [RollupDimension.OpenedOn, RollupDimension.ClosedOn]);
    const change = new Map<string, number>();
    for (const [day, n] of rows.get(RollupDimension.OpenedOn) ?? []) change.set(day, (change.get(day) ?? 0) + n);
    for (const [day, n] of rows.get(RollupDimension.ClosedOn) ?? []) change.set(day, (change.get(day) ?? 0) - n);
    let open = 0;
    for (const [day, n] of change) if (day < from) open += n;
    const series: { date: string; open: number }[] = [];
    for (let day = from; day <= to; day = nextDay(day)) {
      open += change.get(day) ?? 0;
      series.push({ date: day, open });
    }
    return series;
  }

  /**
   * The tenant to roll up, if it lies within the caller's scope. The campaign's root is looked up
   * in the counters' own query (`counters`), so a roll-up is one round trip.
   */
  private target(scope: string, request: RollupRequest): { tenantPath: string; campaignId: string } | null {
    assertScope(scope);
    assertScope(request.tenantPath);
    if (!isWithinScope(request.tenantPath, scope)) return null;
    return { tenantPath: request.tenantPath, campaignId: request.campaignId };
  }

  /**
   * The counters of the campaign's forwarding chain (its root campaign; the id itself when the
   * campaign is not projected yet) for one tenant. Raw rows, not entities: a city's roll-up reads
   * ~400 counters, and hydrating them as entities was most of the query's CPU in the API; the
   * campaign's root was a second query (bench:api profiles, docs/benchmarks.md).
   */
  private async counters(target: { tenantPath: string; campaignId: string }, dimensions: string[]): Promise<{ rootCampaignId: string; counters: Map<string, Map<string, number>> }> {
    const s = schemaOfDb(this.db);
    const rows: { root: string; dimension: string | null; key: string | null; value: string | null }[] = await this.db.query(
      `WITH root AS (SELECT COALESCE((SELECT c.root_campaign_id FROM ${s}.campaign c WHERE c.campaign_id = $2), $2) AS id)
       SELECT root.id AS root, r.dimension, r.key, r.value::text AS value
         FROM root LEFT JOIN ${s}.rollup_counter r ON r.tenant_path = $1 AND r.root_campaign_id = root.id AND r.dimension = ANY($3)`,
      [target.tenantPath, target.campaignId, dimensions],
    );
    const result = new Map<string, Map<string, number>>();
    for (const row of rows) {
      if (row.dimension === null || row.key === null) continue; // the root's row when there are no counters
      const byKey = result.get(row.dimension) ?? new Map<string, number>();
      byKey.set(row.key, Number(row.value));
      result.set(row.dimension, byKey);
    }
    return { rootCampaignId: rows[0]?.root ?? target.campaignId, counters: result };
  }
}
