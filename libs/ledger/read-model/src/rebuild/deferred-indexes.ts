import type { DataSource, EntityManager } from 'typeorm';
import { assertReadModelSchema } from '../read-model-schema';
import { LEDGER_PROJECTED_TABLES } from '../runner/rebuild';

/** The bookkeeping table, in the rebuild's target schema: the definitions of the indexes dropped for the bulk load. */
export const DEFERRED_INDEX_TABLE = 'rebuild_deferred_index';

/**
 * The tables whose secondary indexes a fresh rebuild drops, and builds again once caught up: the ones
 * that grow with the entries and the village × item checks, written by every page of a rebuild.
 * Primary keys, unique indexes and indexes behind a constraint are never dropped (they enforce the
 * keys, and every `ON CONFLICT` of the projection infers them). Decided index by index against the
 * statements the projection runs during a rebuild (`projections/batch/ledger-batch-segment.ts`,
 * `row-codec.ts`, `projections/*.projection.ts`, `rollup-writer.ts`), which look rows up by primary
 * key only:
 *
 * - `ledger_entry`: entries are read by `entry_id` (`findByKey`, the per-event handlers'
 *   `findOne … FOR UPDATE` and `update`) and upserted on `entry_id`: the primary key, kept. Every
 *   secondary index serves the API and the reports only, none a projection statement: the list
 *   pages' `(tenant_path, due_date | updated_at | item_no | status …)` and per-level `… _due_idx` /
 *   `… _item_due_idx` orders, the 督办 inboxes (`county/city_inbox_idx`), `village_idx` (village,
 *   item) and `campaign_idx` (query-time lookups; the rebuild never reads entries by village or
 *   campaign), and the trigram GINs on `description` / `measures`, the dearest to maintain: dropped.
 *   Almost every update of an entry changes a column of one of them (`updated_at` at least), so with
 *   them each update is a new tuple in every index; without them, a heap write and at most a
 *   primary-key entry.
 * - `inspection_check`: read (cells checked twice in a page) and merged on its primary key
 *   `(campaign_id, village_code, item_no)`, kept; `tenant_path_idx` and `root_idx` serve the
 *   coverage queries: dropped.
 * - `recurrence_index`: its primary key `(village_code, item_no, entry_id)` is the lookup by village
 *   and item (the recurrence check at command time) and the `ON CONFLICT DO NOTHING` target of the
 *   projection's insert: kept; `tenant_path_idx` serves scoped queries: dropped.
 * - `report`: updated by `report_id` (primary key, kept); `path_idx`, `campaign_idx`, `parent_idx`
 *   serve the report queries: dropped.
 * - `rollup_counter`: only its primary key, the upsert's conflict target.
 *
 * Not deferred: `campaign`, `campaign_forward`, `checklist_version`, `checklist_item` grow with the
 * campaigns and checklist versions (hundreds of rows for a province), and the projection reads them
 * on every page (`campaign_id = ANY`, `version_id = ANY`: primary keys, and a primary-key prefix):
 * their few secondary indexes (path, parent, root, escalation policy) cost nothing measurable to
 * maintain, so they stay rather than widen what a killed rebuild has to put back. `village` is
 * reference data, copied, not projected; `projection_checkpoint` has only its primary key.
 *
 * An index that a later migration adds to one of these tables is deferred by the same rule (non-unique,
 * no constraint): if a projection statement ever comes to need one, exclude it in `deferIfFresh`.
 */
export const BULK_LOADED_TABLES = ['ledger_entry', 'inspection_check', 'recurrence_index', 'report'] as const satisfies readonly (typeof LEDGER_PROJECTED_TABLES)[number][];

export interface DeferredIndex {
  readonly name: string;
  readonly table: string;
  /** `pg_get_indexdef`, fully qualified (read with `search_path = pg_catalog`). */
  readonly definition: string;
}

export interface IndexBuildOptions {
  /** `maintenance_work_mem` for each build (default 512MB): sorts for B-trees and GIN builds stay in memory. */
  readonly maintenanceWorkMem?: string;
  /** `max_parallel_maintenance_workers` for each build (B-trees only); default: the server's setting. */
  readonly parallelWorkers?: number;
  /** Called as each index is started: how many this call built so far, out of how many were missing. */
  readonly onIndex?: (index: DeferredIndex, done: number, total: number) => void;
  /** Once aborted, no further index is started (the ones in hand finish); `build` then throws. */
  readonly signal?: AbortSignal;
  /**
   * Indexes built at once, each on its own connection (default 2). A GIN build uses one core, and
   * the projection is caught up meanwhile, so two sessions keep two cores busy.
   */
  readonly sessions?: number;
}

const DEFAULT_BUILD_SESSIONS = 2;

/** PostgreSQL's SQLSTATE for a relation that does not exist. */
const UNDEFINED_TABLE = '42P01';

type Db = DataSource | EntityManager;

/**
 * The secondary indexes of a rebuild's target schema, dropped for the bulk load and built again once
 * it has caught up. The definitions live in `<schema>.rebuild_deferred_index` until every one of them
 * is back, so a rebuild killed at any point (while loading, or while building the indexes) puts back
 * each index exactly once when it is run again: `deferIfFresh` records before it drops, in one transaction;
 * `build` creates each recorded index `IF NOT EXISTS`, and drops the records only when all of them are
 * present again. Deferring and dropping the records hold a transaction advisory lock per schema, and
 * each build holds it shared (plus a lock per index), so two rebuild processes of one schema never
 * defer while the other builds, nor build the same index at once.
 *
 * A resumed rebuild runs the read model's migrations first, as every open does: a migration that
 * creates or replaces an index on a bulk-loaded table is simply honoured (`IF NOT EXISTS` skips a
 * name that exists), but one that drops a deferred index would see it put back from the record — let
 * such a migration wait until no rebuild is under way (`status --target` lists deferred indexes).
 */
export class DeferredIndexes {
  private readonly schema: string;
  private readonly table: string;
  private readonly lockKey: string;

  constructor(
    private readonly db: DataSource,
    schema: string,
  ) {
    this.schema = assertReadModelSchema(schema);
    this.table = `${this.schema}.${DEFERRED_INDEX_TABLE}`;
    this.lockKey = `rectify:read-model:deferred-index:${this.schema}`;
  }

  /**
   * On a fresh rebuild (no checkpoint position yet for `projection`): records the definitions of the
   * secondary indexes of `BULK_LOADED_TABLES` and drops them, in one transaction. A schema that has a
   * checkpoint, or whose indexes were already deferred, is left as it is (records of an earlier run are
   * never overwritten). Returns the indexes recorded now and still to be built.
   */
  async deferIfFresh(projection: string): Promise<DeferredIndex[]> {
    return this.db.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [this.lockKey]);
      const rows: { position: string | null }[] = await manager.query(
        `SELECT position FROM ${this.schema}.projection_checkpoint WHERE projection_name = $1`,
        [projection],
      );
      if (rows[0] !== undefined && rows[0].position !== null) return this.recorded(manager);
      await manager.query(
        `CREATE TABLE IF NOT EXISTS ${this.table} (
           index_name  text PRIMARY KEY,
           table_name  text NOT NULL,
           definition  text NOT NULL,
           deferred_at timestamptz NOT NULL DEFAULT now()
         )`,
      );
      // Fully qualified definitions (schema, operator classes), whoever runs them later.
      await manager.query(`SET LOCAL search_path = pg_catalog`);
      const candidates: DeferredIndex[] = await manager.query(
        `SELECT c.relname AS name, t.relname AS "table", pg_get_indexdef(i.indexrelid) AS definition
           FROM pg_index i
           JOIN pg_class c ON c.oid = i.indexrelid
           JOIN pg_class t ON t.oid = i.indrelid
           JOIN pg_namespace n ON n.oid = t.relnamespace
          WHERE n.nspname = $1 AND t.relname = ANY($2::text[])
            AND NOT i.indisprimary AND NOT i.indisunique
            AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
          ORDER BY t.relname, c.relname`,
        [this.schema, [...BULK_LOADED_TABLES]],
      );
      for (const index of candidates) {
        await manager.query(`INSERT INTO ${this.table} (index_name, table_name, definition) VALUES ($1, $2, $3) ON CONFLICT (index_name) DO NOTHING`, [
          index.name,
          index.table,
          index.definition,
        ]);
        await manager.query(`DROP INDEX ${this.schema}.${quoteIdent(index.name)}`);
      }
      return this.recorded(manager);
    });
  }

  /** The recorded indexes (built again or not); empty when nothing is deferred. */
  async pending(): Promise<DeferredIndex[]> {
    return this.recorded(this.db);
  }

  /** The recorded indexes that do not exist in the schema now: the switch waits for none. */
  async missing(): Promise<DeferredIndex[]> {
    const recorded = await this.recorded(this.db);
    if (recorded.length === 0) return [];
    const present = await this.presentNames(this.db);
    return recorded.filter((index) => !present.has(index.name));
  }

  /**
   * Builds every recorded index that is missing, each in its own transaction (`CREATE INDEX IF NOT
   * EXISTS`, plain: the schema does not serve yet; it locks out writes to that one table while it
   * builds), `sessions` at a time, then ANALYZEs the projected tables, then — once every recorded
   * index exists — drops the records. Safe to run again after a kill at any point. After a failure
   * (or `signal`), no further index is started; the ones in hand finish, then it throws. Returns how
   * many indexes it built.
   */
  async build(options: IndexBuildOptions = {}): Promise<number> {
    if ((await this.recorded(this.db)).length === 0) return 0;
    const todo = await this.longestFirst(await this.missing());
    const sessions = options.sessions ?? DEFAULT_BUILD_SESSIONS;
    let done = 0;
    await inSessions(todo, sessions, async (index) => {
      if (options.signal?.aborted) {
        throw new Error(`stopped while building the deferred indexes of ${this.schema} (${done} of ${todo.length} built): run the rebuild again to build the rest`);
      }
      options.onIndex?.(index, done, todo.length);
      await this.buildOne(index, options);
      done++;
    });
    // Statistics for the planner (expression indexes included) before the schema serves; autovacuum
    // may not have come by yet. After the indexes: ANALYZE waits for a CREATE INDEX on its table.
    await inSessions([...LEDGER_PROJECTED_TABLES], sessions, (table) => this.db.query(`ANALYZE ${this.schema}.${table}`));
    await this.db.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [this.lockKey]);
      const present = await this.presentNames(manager);
      const absent = (await this.recorded(manager)).filter((index) => !present.has(index.name));
      if (absent.length > 0) throw new Error(`deferred indexes still missing in ${this.schema}: ${absent.map((i) => i.name).join(', ')}`);
      await manager.query(`DROP TABLE IF EXISTS ${this.table}`);
    });
    return done;
  }

  /**
   * One index, in its own transaction. The schema's lock is taken shared (sessions build side by
   * side; `deferIfFresh` and the final check wait for them), the index's own lock exclusive (two
   * processes never build the same index at once: the second then finds it and skips it).
   */
  private async buildOne(index: DeferredIndex, options: IndexBuildOptions): Promise<void> {
    await this.db.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock_shared(hashtext($1))`, [this.lockKey]);
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`${this.lockKey}:${index.name}`]);
      await manager.query(`SELECT set_config('maintenance_work_mem', $1, true)`, [options.maintenanceWorkMem ?? '512MB']);
      if (options.parallelWorkers !== undefined) {
        await manager.query(`SELECT set_config('max_parallel_maintenance_workers', $1, true)`, [String(options.parallelWorkers)]);
      }
      await manager.query(ifNotExists(index.definition));
    });
  }

  /** Largest table first, and its GIN indexes (the slowest builds) before its B-trees: the sessions then end together. */
  private async longestFirst(indexes: DeferredIndex[]): Promise<DeferredIndex[]> {
    const rows: { table: string; bytes: string }[] = await this.db.query(
      `SELECT t.relname AS "table", pg_relation_size(t.oid)::text AS bytes
         FROM pg_class t JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = $1 AND t.relname = ANY($2::text[])`,
      [this.schema, [...new Set(indexes.map((i) => i.table))]],
    );
    const bytes = new Map(rows.map((r) => [r.table, Number(r.bytes)]));
    const gin = (i: DeferredIndex): number => (/ USING gin /i.test(i.definition) ? 1 : 0);
    return [...indexes].sort((a, b) => (bytes.get(b.table) ?? 0) - (bytes.get(a.table) ?? 0) || gin(b) - gin(a) || a.name.localeCompare(b.name));
  }

  private async recorded(db: Db): Promise<DeferredIndex[]> {
    const exists: { t: string | null }[] = await db.query(`SELECT to_regclass($1)::text AS t`, [this.table]);
    if (!exists[0]?.t) return [];
    try {
      return await db.query(
        `SELECT index_name AS name, table_name AS "table", definition FROM ${this.table}
          ORDER BY array_position($1::text[], table_name), index_name`,
        [[...BULK_LOADED_TABLES]],
      );
    } catch (error) {
      // Dropped between the two statements by a build that just finished (never inside the locked steps).
      if (typeof error === 'object' && error !== null && 'code' in error && error.code === UNDEFINED_TABLE) return [];
      throw error;
    }
  }

  private async presentNames(db: Db): Promise<Set<string>> {
    const rows: { indexname: string }[] = await db.query(`SELECT indexname FROM pg_indexes WHERE schemaname = $1`, [this.schema]);
    return new Set(rows.map((r) => r.indexname));
  }
}

/**
 * Runs `run` over `items` in order, at most `sessions` at once. After a failure no further item is
 * started; the ones in hand finish, then the first error is thrown.
 */
async function inSessions<T>(items: readonly T[], sessions: number, run: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const failures: unknown[] = [];
  const session = async (): Promise<void> => {
    while (failures.length === 0 && next < items.length) {
      const item = items[next++] as T;
      try {
        await run(item);
      } catch (error) {
        failures.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(sessions, items.length)) }, session));
  if (failures.length > 0) throw failures[0];
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** `CREATE [UNIQUE] INDEX name ON …` → `CREATE [UNIQUE] INDEX IF NOT EXISTS name ON …`. */
export function ifNotExists(definition: string): string {
  const match = /^CREATE (UNIQUE )?INDEX /.exec(definition);
  if (!match) throw new Error(`not an index definition: ${definition.slice(0, 80)}`);
  return `CREATE ${match[1] ?? ''}INDEX IF NOT EXISTS ${definition.slice(match[0].length)}`;
}
