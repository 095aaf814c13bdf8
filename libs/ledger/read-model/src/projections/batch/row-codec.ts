import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { schemaOf } from '../../read-model-schema';

/**
 * A function that copies a row's properties into a new object keyed by column name, compiled once
 * per entity as a single object literal: building each object key by key (45 keys for an entry)
 * was the rebuild's largest cost of its own (a CPU profile of `npm run bench:replay`), and an
 * object literal gets one fixed shape. The names come from TypeORM's metadata and are embedded as
 * JSON string literals, never as code.
 */
function columnMapper<T extends ObjectLiteral>(columns: readonly CodecColumn[]): (row: T) => Record<string, unknown> {
  const fields = columns.map((c) => `${JSON.stringify(c.column)}: row[${JSON.stringify(c.property)}]`).join(', ');
  return new Function('row', `return { ${fields} };`) as (row: T) => Record<string, unknown>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- one cache for codecs of every entity type
const codecs = new WeakMap<object, Map<EntityTarget<any>, RowCodec<any>>>();

interface CodecColumn {
  readonly property: string;
  readonly column: string;
  readonly date: boolean;
  readonly primary: boolean;
}

/**
 * Reads and writes whole rows of one entity with set-based SQL, in the exact shape TypeORM hydrates
 * (a `date` column is a 'YYYY-MM-DD' string, `timestamptz` a Date, `text[]` a string array), so the
 * batch projection can fold rows with the same pure functions as the per-event handlers.
 *
 * Rows are written as one JSON array: `json_populate_recordset(NULL::<table>, $1)` turns it into
 * typed rows in the server (columns the entity does not map keep their defaults).
 */
export class RowCodec<T extends ObjectLiteral> {
  readonly table: string;
  private readonly columns: readonly CodecColumn[];
  /** Row → object keyed by column name, as one object literal of fixed shape (see `columnMapper`). */
  private readonly toColumns: (row: T) => Record<string, unknown>;

  private constructor(schema: string, table: string, columns: readonly CodecColumn[]) {
    this.table = `${schema}.${table}`;
    this.columns = columns;
    this.toColumns = columnMapper<T>(columns);
  }

  /** The codec of `target` in the manager's DataSource (made once per DataSource and entity). */
  static of<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>): RowCodec<T> {
    let byTarget = codecs.get(manager.connection);
    if (byTarget === undefined) {
      byTarget = new Map();
      codecs.set(manager.connection, byTarget);
    }
    let codec = byTarget.get(target);
    if (codec === undefined) {
      codec = RowCodec.make(manager, target);
      byTarget.set(target, codec);
    }
    return codec as RowCodec<T>;
  }

  private static make<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>): RowCodec<T> {
    const metadata = manager.connection.getMetadata(target);
    const columns = metadata.columns.map((c) => ({
      property: c.propertyName,
      column: c.databaseName,
      date: c.type === 'date',
      primary: c.isPrimary,
    }));
    return new RowCodec<T>(schemaOf(manager.connection), metadata.tableName, columns);
  }

  private get columnList(): string {
    return this.columns.map((c) => c.column).join(', ');
  }

  private get primaryList(): string {
    return this.columns
      .filter((c) => c.primary)
      .map((c) => c.column)
      .join(', ');
  }

  /**
   * The SELECT list that yields entity-shaped rows (`date`s as their text). `CAST(… AS text)`, not
   * `::text`: inside a TypeORM query builder `:text` would read as a parameter named `text`.
   */
  selectList(alias: string): string {
    return this.columns.map((c) => `${c.date ? `CAST(${alias}.${c.column} AS text)` : `${alias}.${c.column}`} AS "${c.property}"`).join(', ');
  }

  /** Rows whose single-column primary key is one of `keys`. */
  async findByKey(manager: EntityManager, keys: readonly string[]): Promise<T[]> {
    if (keys.length === 0) return [];
    return manager.query(`SELECT ${this.selectList('t')} FROM ${this.table} t WHERE t.${this.primaryList} = ANY($1::text[])`, [keys]);
  }

  /** The rows as a JSON array keyed by column name. */
  toJson(rows: readonly T[]): string {
    return JSON.stringify(rows.map(this.toColumns));
  }

  /** INSERT, or on a key conflict overwrite every mapped column: the rows are final states. */
  async upsert(manager: EntityManager, rows: readonly T[]): Promise<void> {
    if (rows.length === 0) return;
    const set = this.columns
      .filter((c) => !c.primary)
      .map((c) => `${c.column} = EXCLUDED.${c.column}`)
      .join(', ');
    await manager.query(
      `INSERT INTO ${this.table} (${this.columnList})
       SELECT ${this.columnList} FROM json_populate_recordset(NULL::${this.table}, $1::json)
       ON CONFLICT (${this.primaryList}) DO UPDATE SET ${set}`,
      [this.toJson(rows)],
    );
  }

  /** INSERT, keeping the existing row on a key conflict (the per-event handlers' `orIgnore`). */
  async insertOrIgnore(manager: EntityManager, rows: readonly T[]): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `INSERT INTO ${this.table} (${this.columnList})
       SELECT ${this.columnList} FROM json_populate_recordset(NULL::${this.table}, $1::json)
       ON CONFLICT (${this.primaryList}) DO NOTHING`,
      [this.toJson(rows)],
    );
  }
}
