import { EntityManager, type DataSource, type SelectQueryBuilder } from 'typeorm';
import { LedgerEntryEntity, type DeadlineClassValue, type EntryStatusValue, type EscalationLevelValue } from '../entities';
import { ReadModelError, ReadModelErrorCode } from '../errors';
import { RowCodec } from '../projections/batch/row-codec';
import { OPEN_STATUSES } from '../projections/rollup-contributions';
import { assertScope, escapeLike, isWithinScope, levelCodes, subtreePattern } from '../tenancy/tenant-scope';
import { decodeEntryCursor, encodeEntryCursor, type EntrySort, type EntrySortField } from './entry-cursor';

export interface LedgerEntryFilter {
  readonly campaignId?: string;
  readonly townshipCode?: string;
  readonly villageCode?: string;
  readonly itemNo?: number;
  readonly subAreaNo?: number;
  readonly categoryNo?: number;
  readonly statuses?: readonly EntryStatusValue[];
  readonly deadlineClasses?: readonly DeadlineClassValue[];
  /** Only entries open and past their due date on this Shanghai date (YYYY-MM-DD). */
  readonly overdueAsOf?: string;
  readonly escalationLevels?: readonly EscalationLevelValue[];
  readonly isRecurrence?: boolean;
  /** A substring of the problem or the measures (Chinese included, any length ≥ 1). */
  readonly text?: string;
}

export interface LedgerEntryPageRequest {
  /** Page size, 1–500 (default 50). */
  readonly first?: number;
  /** The `endCursor` of the previous page. */
  readonly after?: string | null;
  /** Default: due date ascending (undated entries last). */
  readonly sort?: EntrySort;
}

export interface LedgerEntryPage {
  readonly items: LedgerEntryEntity[];
  readonly endCursor: string | null;
  readonly hasNextPage: boolean;
}

const UNDATED = '9999-12-31';

const SORT_EXPRESSIONS: Record<EntrySortField, string> = {
  due_date: `COALESCE(e.due_date, DATE '${UNDATED}')`,
  updated_at: 'e.updated_at',
  item_no: 'e.item_no',
  recorded_at: 'e.recorded_at',
};

function sortValueOf(row: LedgerEntryEntity, field: EntrySortField): string | number {
  switch (field) {
    case 'due_date':
      return row.dueDate ?? UNDATED;
    case 'updated_at':
      return row.updatedAt.toISOString();
    case 'item_no':
      return row.itemNo;
    case 'recorded_at':
      return row.recordedAt.toISOString();
  }
}

/** Ledger entries within the caller's scope: filtered, searched, keyset-paginated, batch-loaded. */
export class LedgerEntryQueryService {
  constructor(private readonly db: DataSource | EntityManager) {}

  async list(scope: string, filter: LedgerEntryFilter = {}, page: LedgerEntryPageRequest = {}): Promise<LedgerEntryPage> {
    const first = page.first ?? 50;
    if (!Number.isSafeInteger(first) || first < 1 || first > 500) {
      throw new ReadModelError(ReadModelErrorCode.InvalidArgument, '每页条数必须在 1 到 500 之间', { field: 'first' });
    }
    const sort = page.sort ?? { field: 'due_date', direction: 'asc' };
    const qb = this.pageScoped(scope);
    applyFilter(qb, filter);
    const expression = SORT_EXPRESSIONS[sort.field];
    const dir = sort.direction === 'asc' ? 'ASC' : 'DESC';
    if (page.after !== undefined && page.after !== null) {
      const cursor = decodeEntryCursor(page.after, sort);
      const op = sort.direction === 'asc' ? '>' : '<';
      qb.andWhere(`(${expression}, e.entry_id) ${op} (:cursorValue, :cursorId)`, { cursorValue: cursor.value, cursorId: cursor.entryId });
    }
    // Plain rows in the entity's shape, dates as text: TypeORM's entity hydration and pg's parsing of
    // each `date` into a Date (turned back into 'YYYY-MM-DD' by TypeORM) were a fifth of the API's
    // CPU for a 50-row page (CPU profile, docs/benchmarks.md).
    const manager = this.db instanceof EntityManager ? this.db : this.db.manager;
    qb.select(RowCodec.of(manager, LedgerEntryEntity).selectList('e'));
    const rows = await qb.orderBy(expression, dir).addOrderBy('e.entry_id', dir).limit(first + 1).getRawMany<LedgerEntryEntity>();
    assertRowsWithinScope(rows, scope);
    const items = rows.slice(0, first);
    const last = items[items.length - 1];
    return {
      items,
      hasNextPage: rows.length > first,
      endCursor: last ? encodeEntryCursor({ sort, value: sortValueOf(last, sort.field), entryId: last.entryId }) : null,
    };
  }

  /** For DataLoader: one row (or null: missing or outside the scope) per id, in the ids' order. */
  async entriesByIds(ids: readonly string[], scope: string): Promise<(LedgerEntryEntity | null)[]> {
    if (ids.length === 0) return [];
    const rows = await this.scoped(scope).andWhere('e.entry_id = ANY(:ids)', { ids: [...ids] }).getMany();
    const byId = new Map(rows.map((row) => [row.entryId, row]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async entryById(id: string, scope: string): Promise<LedgerEntryEntity | null> {
    const [row] = await this.entriesByIds([id], scope);
    return row ?? null;
  }

  private scoped(scope: string): SelectQueryBuilder<LedgerEntryEntity> {
    assertScope(scope);
    return this.db.createQueryBuilder(LedgerEntryEntity, 'e').where('(e.tenant_path = :scope OR e.tenant_path LIKE :scopeLike)', {
      scope,
      scopeLike: subtreePattern(scope),
    });
  }

  /**
   * A page's scope. When the scope is a city, county or township, its code equality alone selects
   * exactly its subtree: the projection derives `city_code`, `county_code` and `township_code` from
   * the entry's path with `levelCodes`, and a tenant code occurs once in the tenant tree. Stating the
   * path as well (`tenant_path = S OR LIKE 'S/%'`) changed no result but made the planner multiply
   * two fully correlated selectivities: it expected ~20 of a township's 3,600 open entries and
   * sorted them all instead of walking a page-order index (measured over 1M entries, 14 ms instead
   * of under 1 ms). The path is checked on the rows instead (`assertRowsWithinScope`), so a corrupt
   * row can never leak. Any other scope (the province, a village, the platform) keeps the path test.
   */
  private pageScoped(scope: string): SelectQueryBuilder<LedgerEntryEntity> {
    assertScope(scope);
    const level = scopeLevelCode(scope);
    if (level === null) return this.scoped(scope);
    return this.db.createQueryBuilder(LedgerEntryEntity, 'e').where(`e.${level.column} = :levelCode`, { levelCode: level.code });
  }
}

/** The code column and value that select exactly the subtree of a city, county or township scope; null for any other scope. */
function scopeLevelCode(scope: string): { column: 'city_code' | 'county_code' | 'township_code'; code: string } | null {
  const last = scope.split('/').pop() ?? '';
  const codes = levelCodes(last);
  if (codes.townshipCode === last) return { column: 'township_code', code: last };
  if (codes.countyCode === last) return { column: 'county_code', code: last };
  if (codes.cityCode === last) return { column: 'city_code', code: last };
  return null;
}

/** Every row a scoped query returns lies in the scope, or the read model is corrupt and nothing is answered. */
function assertRowsWithinScope(rows: readonly LedgerEntryEntity[], scope: string): void {
  for (const row of rows) {
    if (!isWithinScope(row.tenantPath, scope)) {
      throw new ReadModelError(ReadModelErrorCode.ScopeInvariant, '台账数据与单位范围不一致', { scope, entryId: row.entryId });
    }
  }
}

function applyFilter(qb: SelectQueryBuilder<LedgerEntryEntity>, f: LedgerEntryFilter): void {
  if (f.campaignId !== undefined) qb.andWhere('e.campaign_id = :campaignId', { campaignId: f.campaignId });
  if (f.townshipCode !== undefined) qb.andWhere('e.township_code = :townshipCode', { townshipCode: f.townshipCode });
  if (f.villageCode !== undefined) qb.andWhere('e.village_code = :villageCode', { villageCode: f.villageCode });
  if (f.itemNo !== undefined) qb.andWhere('e.item_no = :itemNo', { itemNo: f.itemNo });
  if (f.subAreaNo !== undefined) qb.andWhere('e.sub_area_no = :subAreaNo', { subAreaNo: f.subAreaNo });
  if (f.categoryNo !== undefined) qb.andWhere('e.category_no = :categoryNo', { categoryNo: f.categoryNo });
  if (f.statuses !== undefined) qb.andWhere('e.status = ANY(:statuses)', { statuses: [...f.statuses] });
  if (f.deadlineClasses !== undefined) qb.andWhere('e.deadline_class = ANY(:classes)', { classes: [...f.deadlineClasses] });
  if (f.escalationLevels !== undefined) qb.andWhere('e.escalation_level = ANY(:levels)', { levels: [...f.escalationLevels] });
  if (f.isRecurrence !== undefined) qb.andWhere('e.is_recurrence = :isRecurrence', { isRecurrence: f.isRecurrence });
  if (f.overdueAsOf !== undefined) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(f.overdueAsOf)) {
      throw new ReadModelError(ReadModelErrorCode.InvalidArgument, '逾期日期格式应为 YYYY-MM-DD', { field: 'overdueAsOf' });
    }
    qb.andWhere('e.status = ANY(:openStatuses) AND e.due_date < :asOf', { openStatuses: [...OPEN_STATUSES], asOf: f.overdueAsOf });
  }
  if (f.text !== undefined && f.text.trim().length > 0) {
    // pg_trgm's GIN indexes serve patterns of 3+ characters; shorter ones still match, by scan.
    qb.andWhere('(e.description ILIKE :text OR e.measures ILIKE :text)', { text: `%${escapeLike(f.text.trim())}%` });
  }
}
