import type { DataSource } from 'typeorm';
import { assertReadModelSchema } from '../read-model-schema';
import { DEFERRED_INDEX_TABLE } from './deferred-indexes';

/** Columns that record when the projector wrote a row, not what the events said: not compared. */
export const PROJECTION_TIMESTAMP_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  projection_checkpoint: ['updated_at'],
};

/** Tables that are not read-model data (TypeORM's own bookkeeping, a rebuild's deferred index definitions). */
const SKIPPED_TABLES = ['typeorm_migrations', DEFERRED_INDEX_TABLE];

export interface TableComparison {
  readonly table: string;
  readonly rowsA: number;
  readonly rowsB: number;
  readonly equal: boolean;
}

/**
 * Compares every table of two read-model schemas row by row (all columns but the projection
 * timestamps, rows ordered by their full content), in the database itself: md5 of the ordered
 * aggregate of each row's JSON. Used to prove a rebuilt schema equals the live one.
 */
export async function compareReadModels(db: DataSource, schemaA: string, schemaB: string): Promise<TableComparison[]> {
  assertReadModelSchema(schemaA);
  assertReadModelSchema(schemaB);
  const tables: { table_name: string }[] = await db.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY table_name`,
    [schemaA],
  );
  const result: TableComparison[] = [];
  for (const { table_name: table } of tables) {
    if (SKIPPED_TABLES.includes(table)) continue;
    const [a, b] = await Promise.all([tableDigest(db, schemaA, table), tableDigest(db, schemaB, table)]);
    result.push({ table, rowsA: a.rows, rowsB: b.rows, equal: a.rows === b.rows && a.digest === b.digest });
  }
  return result;
}

async function tableDigest(db: DataSource, schema: string, table: string): Promise<{ rows: number; digest: string }> {
  const ignored = PROJECTION_TIMESTAMP_COLUMNS[table] ?? [];
  const minus = ignored.map((c) => ` - '${c}'`).join('');
  const rows: { n: string; digest: string | null }[] = await db.query(
    `SELECT count(*)::text AS n, md5(string_agg(r, E'\\n' ORDER BY r)) AS digest
       FROM (SELECT (to_jsonb(t)${minus})::text AS r FROM ${schema}.${table} t) x`,
  );
  return { rows: Number(rows[0]?.n ?? 0), digest: rows[0]?.digest ?? '' };
}
