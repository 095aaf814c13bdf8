const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export const DEFAULT_IDENTITY_SCHEMA = 'identity';

/** The identity schema is spliced into SQL, so only plain lower-case identifiers are accepted. */
export function assertIdentitySchema(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`Invalid identity schema name: ${JSON.stringify(schema)}`);
  return schema;
}

/** The schema a DataSource's entities live in (its `schema` option). */
export function identitySchemaOf(connection: { driver: { schema?: string } }): string {
  return assertIdentitySchema(connection.driver.schema ?? DEFAULT_IDENTITY_SCHEMA);
}
