import type { DataSource, EntityManager } from 'typeorm';
import { ReadModelError, ReadModelErrorCode } from '../errors';
import { createReadModelDataSource } from '../read-model-data-source';
import { assertReadModelSchema } from '../read-model-schema';

/** The fixed schema of the pointer table: it never moves, so every process can find it. */
export const READ_MODEL_CONTROL_SCHEMA = 'read_model_control';

export interface ActiveReadModel {
  readonly projection: string;
  readonly schema: string;
  readonly previousSchema: string | null;
  readonly switchedAt: Date;
}

type Db = DataSource | EntityManager;

/**
 * Which schema serves a projection's read model: one row per projection in
 * `read_model_control.read_model_active`. The API and the projector read it at boot
 * (`activeSchema(…) ?? READ_MODEL_SCHEMA`), a rebuild switches it with one UPDATE (atomic: a reader
 * sees the old schema or the new one, never a mix), and an old schema stays until `drop`.
 */
export class ReadModelPointer {
  private readonly table: string;

  constructor(
    private readonly db: Db,
    controlSchema = READ_MODEL_CONTROL_SCHEMA,
  ) {
    this.table = `${assertReadModelSchema(controlSchema)}.read_model_active`;
  }

  /** Creates the control schema and table if missing (idempotent; run by the rebuild CLI). */
  async ensure(): Promise<void> {
    const schema = this.table.split('.')[0];
    await this.db.transaction(async (manager) => {
      // Two rebuilds creating the table at once would race on the catalog: serialise them.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('rectify:read-model:control'))`);
      await manager.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await manager.query(
        `CREATE TABLE IF NOT EXISTS ${this.table} (
           projection      text PRIMARY KEY,
           schema          text NOT NULL,
           previous_schema text,
           switched_at     timestamptz NOT NULL DEFAULT now()
         )`,
      );
    });
  }

  /** The active schema's record; null when no switch ever happened (or the table does not exist yet). */
  async active(projection = 'ledger'): Promise<ActiveReadModel | null> {
    const exists: { t: string | null }[] = await this.db.query(`SELECT to_regclass($1)::text AS t`, [this.table]);
    if (!exists[0]?.t) return null;
    const rows: { projection: string; schema: string; previous_schema: string | null; switched_at: Date }[] = await this.db.query(
      `SELECT projection, schema, previous_schema, switched_at FROM ${this.table} WHERE projection = $1`,
      [projection],
    );
    const row = rows[0];
    return row ? { projection: row.projection, schema: row.schema, previousSchema: row.previous_schema, switchedAt: row.switched_at } : null;
  }

  /**
   * Points `projection` at `schema` if it still points at `expectedCurrent` (null: no pointer yet,
   * i.e. the default schema serves). A concurrent switch makes this one fail: compare-and-set.
   */
  async switchTo(projection: string, schema: string, expectedCurrent: string | null): Promise<ActiveReadModel> {
    assertReadModelSchema(schema);
    const rows: { schema: string }[] = await this.db.query(
      `WITH moved AS (
         INSERT INTO ${this.table} AS a (projection, schema, previous_schema, switched_at)
         VALUES ($1, $2, $3, now())
         ON CONFLICT (projection) DO UPDATE SET schema = excluded.schema, previous_schema = a.schema, switched_at = now()
           WHERE a.schema IS NOT DISTINCT FROM $3
         RETURNING a.schema
       )
       SELECT schema FROM moved`,
      [projection, schema, expectedCurrent],
    );
    if (rows.length !== 1) {
      throw new ReadModelError(ReadModelErrorCode.CheckpointMoved, `读模型指针已被其他进程切换（预期 ${expectedCurrent ?? '默认'}）`, { projection, expectedCurrent });
    }
    const active = await this.active(projection);
    if (!active) throw new Error('read model pointer vanished after the switch');
    return active;
  }
}

/**
 * The schema a process should use at boot: the pointer's, or `fallback` (the configured
 * READ_MODEL_SCHEMA) when there is no pointer yet.
 */
export async function resolveActiveReadModelSchema(db: Db, fallback: string, projection = 'ledger', controlSchema = READ_MODEL_CONTROL_SCHEMA): Promise<string> {
  const active = await new ReadModelPointer(db, controlSchema).active(projection);
  return active?.schema ?? assertReadModelSchema(fallback);
}

/**
 * The schema an app should read and project into at boot: the one it was configured with, when
 * READ_MODEL_SCHEMA is set explicitly; otherwise the schema the rebuild pointer makes active (after
 * `npm run rebuild:read-model -- switch`), or the default. Apps pick it up when they (re)start, so
 * a switch is followed by a rolling restart of api, projector and worker.
 */
export async function bootReadModelSchema(
  url: string,
  explicit: string | undefined,
  fallback: string,
  projection = 'ledger',
  controlSchema = READ_MODEL_CONTROL_SCHEMA,
): Promise<string> {
  if (explicit !== undefined) return assertReadModelSchema(explicit);
  const db = await createReadModelDataSource({ url, schema: fallback, poolSize: 1, applicationName: 'rectify-boot' }).initialize();
  try {
    return await resolveActiveReadModelSchema(db, fallback, projection, controlSchema);
  } finally {
    await db.destroy();
  }
}

