import { DataSource, type EntityManager } from 'typeorm';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** The read model's schema is spliced into SQL, so only plain lower-case identifiers are accepted. */
export function assertReadModelSchema(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`Invalid read model schema name: ${JSON.stringify(schema)}`);
  return schema;
}

export const DEFAULT_READ_MODEL_SCHEMA = 'read_model';

/** The schema a DataSource's entities live in (its `schema` option). */
export function schemaOf(connection: { driver: { schema?: string } }): string {
  return assertReadModelSchema(connection.driver.schema ?? DEFAULT_READ_MODEL_SCHEMA);
}

/** The schema behind a DataSource or an EntityManager. */
export function schemaOfDb(db: DataSource | EntityManager): string {
  return schemaOf(db instanceof DataSource ? db : db.connection);
}
