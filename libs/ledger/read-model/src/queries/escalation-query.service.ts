import type { DataSource, EntityManager } from 'typeorm';
import { LedgerEntryEntity, type EscalationLevelValue } from '../entities';
import { ReadModelError, ReadModelErrorCode } from '../errors';
import { OPEN_STATUSES } from '../projections/rollup-contributions';
import { assertScope, subtreePattern } from '../tenancy/tenant-scope';

export interface EntryKeysetPage {
  readonly items: LedgerEntryEntity[];
  /** The last row read (also when it was filtered out later): where the next page starts. */
  readonly endCursor: string | null;
  readonly hasNextPage: boolean;
}

function encodeCursor(kind: string, entryId: string): string {
  return Buffer.from(`${kind}:${entryId}`).toString('base64url');
}

function decodeCursor(kind: string, cursor: string): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith(`${kind}:`) || text.length <= kind.length + 1) throw new ReadModelError(ReadModelErrorCode.InvalidCursor, '分页游标无效', { cursor });
  return text.slice(kind.length + 1);
}

/**
 * 督办: the entries escalated to a tenant (its inbox), and the open entries of a scope in keyset
 * pages for computing lights (lights are derived on read, never stored).
 */
export class EscalationQueryService {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** Entries escalated to exactly this tenant (county or city), by entry id. */
  async inbox(tenantPath: string, page: { first: number; after?: string | null; openOnly?: boolean }): Promise<EntryKeysetPage> {
    assertScope(tenantPath);
    const qb = this.db
      .createQueryBuilder(LedgerEntryEntity, 'e')
      .where('(e.county_escalated_to = :path OR e.city_escalated_to = :path)', { path: tenantPath });
    if (page.openOnly) qb.andWhere('e.status = ANY(:open)', { open: OPEN_STATUSES });
    if (page.after) qb.andWhere('e.entry_id > :after', { after: decodeCursor('inbox', page.after) });
    const rows = await qb.orderBy('e.entry_id', 'ASC').limit(page.first + 1).getMany();
    const items = rows.slice(0, page.first);
    const last = items[items.length - 1];
    return { items, hasNextPage: rows.length > page.first, endCursor: last ? encodeCursor('inbox', last.entryId) : null };
  }

  /** Open entries within the scope, by entry id (optionally at one escalation level, `none` = not escalated). */
  async openEntries(scope: string, page: { first: number; after?: string | null; escalationLevel?: EscalationLevelValue | 'none' | null }): Promise<EntryKeysetPage> {
    assertScope(scope);
    const qb = this.db
      .createQueryBuilder(LedgerEntryEntity, 'e')
      .where('(e.tenant_path = :scope OR e.tenant_path LIKE :like)', { scope, like: subtreePattern(scope) })
      .andWhere('e.status = ANY(:open)', { open: OPEN_STATUSES });
    if (page.escalationLevel === 'none') qb.andWhere('e.escalation_level IS NULL');
    else if (page.escalationLevel) qb.andWhere('e.escalation_level = :level', { level: page.escalationLevel });
    if (page.after) qb.andWhere('e.entry_id > :after', { after: decodeCursor('lights', page.after) });
    const rows = await qb.orderBy('e.entry_id', 'ASC').limit(page.first + 1).getMany();
    const items = rows.slice(0, page.first);
    const last = items[items.length - 1];
    return { items, hasNextPage: rows.length > page.first, endCursor: last ? encodeCursor('lights', last.entryId) : null };
  }
}
