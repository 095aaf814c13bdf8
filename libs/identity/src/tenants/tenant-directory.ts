import { isTenantPath, isWithinScope } from '@rectify/tenancy';
import type { DataSource, Repository } from 'typeorm';
import { TenantEntity, type TenantLevelValue } from '../entities';

/** A tenant as the directory holds it (the seeds' shape). */
export interface TenantRecord {
  readonly code: string;
  readonly name: string;
  readonly level: TenantLevelValue;
  readonly parentCode: string | null;
  readonly path: string;
}

function toRecord(e: TenantEntity): TenantRecord {
  return { code: e.code, name: e.name, level: e.level, parentCode: e.parentCode, path: e.path };
}

/**
 * The tenant directory (单位目录): codes, names, levels and paths, loaded from the seeds. Lookups
 * take the caller's scope: a tenant outside it is not found.
 */
export class TenantDirectory {
  private readonly repo: Repository<TenantEntity>;
  private readonly byCode = new Map<string, { readonly record: TenantRecord; readonly until: number }>();

  /**
   * `cacheTtlMs`: how long a tenant found by code is kept in this process (default 0: not kept).
   * Tenants are reference data that `load` writes from the seeds; a tenant is resolved on every
   * village check and recorded problem, and the lookup was one of their six round trips. Only found
   * tenants are kept, so a tenant added by `load` in another process is found at once; a changed
   * one is seen there within the TTL.
   */
  constructor(
    dataSource: DataSource,
    private readonly options: { readonly cacheTtlMs?: number; readonly now?: () => number } = {},
  ) {
    this.repo = dataSource.getRepository(TenantEntity);
  }

  /** Inserts or updates tenants, parents first; returns how many were written. */
  async load(tenants: readonly TenantRecord[]): Promise<number> {
    const sorted = [...tenants].sort((a, b) => a.path.split('/').length - b.path.split('/').length);
    for (const t of sorted) {
      if (!isTenantPath(t.path) || !t.path.endsWith(t.code)) throw new Error(`Tenant ${t.code} has a bad path ${t.path}`);
    }
    if (sorted.length > 0) await this.repo.upsert(sorted.map((t) => ({ ...t })), ['code']);
    this.byCode.clear();
    return sorted.length;
  }

  async findByCode(code: string, scope: string): Promise<TenantRecord | null> {
    const found = await this.cachedByCode(code);
    return found && isWithinScope(found.path, scope) ? found : null;
  }

  private async cachedByCode(code: string): Promise<TenantRecord | null> {
    const ttl = this.options.cacheTtlMs ?? 0;
    const now = (this.options.now ?? Date.now)();
    const cached = this.byCode.get(code);
    if (cached && cached.until > now) return cached.record;
    const found = await this.repo.findOneBy({ code });
    if (!found) {
      this.byCode.delete(code);
      return null;
    }
    const record = toRecord(found);
    if (ttl > 0) this.byCode.set(code, { record, until: now + ttl });
    return record;
  }

  async findByPath(path: string, scope: string): Promise<TenantRecord | null> {
    if (!isWithinScope(path, scope)) return null;
    const found = await this.repo.findOneBy({ path });
    return found ? toRecord(found) : null;
  }

  /** Tenants by path, for loaders; those outside the scope are left out. */
  async findManyByPath(paths: readonly string[], scope: string): Promise<TenantRecord[]> {
    const inScope = paths.filter((p) => isWithinScope(p, scope));
    if (inScope.length === 0) return [];
    const rows = await this.repo.createQueryBuilder('t').where('t.path IN (:...paths)', { paths: inScope }).getMany();
    return rows.map(toRecord);
  }

  async childrenOf(path: string, scope: string): Promise<TenantRecord[]> {
    const parent = await this.findByPath(path, scope);
    if (!parent) return [];
    const rows = await this.repo.find({ where: { parentCode: parent.code }, order: { code: 'ASC' } });
    return rows.map(toRecord);
  }
}
